package dev.kata.runtime.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.checker.LinearizabilityResult.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Histories too long to write by hand, made by simulating a correct store: each operation gets a
 * random interval and a random instant inside it where it takes effect on an atomic register, so
 * the history is linearizable by construction.
 */
@DisplayName("On a long history of many clients, the linearizability checker")
class LargeHistoryTest {

    private static final long SEED = 20_240_917L;

    @Test
    @DisplayName("accepts 2,400 operations of 10 clients on 3 keys, with failures and timeouts, quickly")
    void largeLinearizableHistory() {
        List<Operation<KvCommand, String>> history = simulateAtomicStore(SEED, 10, 240, List.of("x", "y", "z"));

        LinearizabilityResult<KvCommand, String> result = LinearizabilityChecker.keyValue().check(history);

        assertThat(history).hasSize(2_400);
        assertThat(result.verdict()).as("seed %d: %s", SEED, result.explanation()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    @DisplayName("finds one corrupted read among 2,400 operations and shrinks the history down to it")
    void oneBadReadInALargeHistory() {
        List<Operation<KvCommand, String>> history = new ArrayList<>(simulateAtomicStore(SEED, 10, 240, List.of("x", "y", "z")));
        int victim = indexOfAnsweredRead(history, 600);
        Operation<KvCommand, String> read = history.get(victim);
        history.set(victim, new Operation<>(read.id(), read.client(), read.command(), read.invokedAt(),
                read.completedAt(), Outcome.OK, "corrupted"));

        LinearizabilityResult<KvCommand, String> result = LinearizabilityChecker.keyValue().check(history);

        assertThat(result.verdict()).as("seed %d", SEED).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.piece()).isEqualTo(read.command().key());
        assertThat(result.operationIds()).containsExactly(read.id());
        assertThat(result.explanation()).contains("A value from nowhere");
    }

    private static int indexOfAnsweredRead(List<Operation<KvCommand, String>> history, int from) {
        for (int i = from; i < history.size(); i++) {
            Operation<KvCommand, String> op = history.get(i);
            if (op.outcome() == Outcome.OK && op.command() instanceof KvCommand.Read) {
                return i;
            }
        }
        throw new IllegalStateException("no answered read after index " + from);
    }

    /** One operation as the simulation plans it: its interval, and when (and whether) it takes effect. */
    private record Planned(String client, KvCommand command, long invokedAt, long completedAt, long takesEffectAt,
                           Outcome outcome) {
    }

    /**
     * Each client runs operations one after another with random gaps and durations (tenths of a
     * millisecond to a few milliseconds, so that clients overlap a lot). Most operations succeed;
     * a few fail (no effect) and a few time out (an effect at a random instant, possibly after the
     * client gave up, or none). Replaying the effects in time order on one register per key gives
     * every answer.
     */
    static List<Operation<KvCommand, String>> simulateAtomicStore(long seed, int clients, int operationsPerClient, List<String> keys) {
        Random random = new Random(seed);
        List<Planned> planned = new ArrayList<>();
        Map<String, List<String>> writtenByKey = new HashMap<>();
        for (int c = 0; c < clients; c++) {
            String client = "c" + c;
            long now = random.nextInt(1_000_000);
            for (int n = 0; n < operationsPerClient; n++) {
                String key = keys.get(random.nextInt(keys.size()));
                KvCommand command = randomCommand(random, key, client + "-" + n,
                        writtenByKey.computeIfAbsent(key, k -> new ArrayList<>()));
                long invokedAt = now + random.nextInt(2_000_000);
                long completedAt = invokedAt + 100_000 + random.nextInt(5_000_000);
                int fate = random.nextInt(100);
                Outcome outcome = fate < 3 ? Outcome.FAIL : fate < 5 ? Outcome.UNKNOWN : Outcome.OK;
                long takesEffectAt;
                if (outcome == Outcome.OK) {
                    takesEffectAt = invokedAt + (long) (random.nextDouble() * (completedAt - invokedAt));
                } else if (outcome == Outcome.UNKNOWN && random.nextBoolean()) {
                    takesEffectAt = invokedAt + random.nextInt(20_000_000); // perhaps long after the timeout
                } else {
                    takesEffectAt = Long.MAX_VALUE; // never
                }
                planned.add(new Planned(client, command, invokedAt, completedAt, takesEffectAt, outcome));
                now = completedAt;
            }
        }

        Map<Planned, String> results = new IdentityHashMap<>();
        Map<String, String> store = new HashMap<>();
        planned.stream()
                .filter(p -> p.takesEffectAt() != Long.MAX_VALUE)
                .sorted(Comparator.comparingLong(Planned::takesEffectAt))
                .forEach(p -> results.put(p, applyAtomically(store, p.command())));

        List<Planned> byInvocation = new ArrayList<>(planned);
        byInvocation.sort(Comparator.comparingLong(Planned::invokedAt));
        List<Operation<KvCommand, String>> history = new ArrayList<>();
        for (Planned p : byInvocation) {
            long id = history.size();
            history.add(switch (p.outcome()) {
                case OK -> new Operation<>(id, p.client(), p.command(), p.invokedAt(), p.completedAt(), Outcome.OK,
                        results.get(p));
                case FAIL -> new Operation<>(id, p.client(), p.command(), p.invokedAt(), p.completedAt(), Outcome.FAIL,
                        null);
                case UNKNOWN -> new Operation<>(id, p.client(), p.command(), p.invokedAt(), Long.MAX_VALUE,
                        Outcome.UNKNOWN, null);
            });
        }
        return history;
    }

    /** Reads half the time; writes unique values; compare-and-sets from a value recently written to the key, so some succeed. */
    private static KvCommand randomCommand(Random random, String key, String uniqueValue, List<String> written) {
        int kind = random.nextInt(10);
        if (kind < 5) {
            return new KvCommand.Read(key);
        }
        String recent = written.isEmpty() ? null : written.get(Math.max(0, written.size() - 1 - random.nextInt(5)));
        written.add(uniqueValue);
        if (kind < 8) {
            return new KvCommand.Write(key, kind == 7 && random.nextInt(4) == 0 ? null : uniqueValue);
        }
        return new KvCommand.CompareAndSet(key, recent, uniqueValue);
    }

    private static String applyAtomically(Map<String, String> store, KvCommand command) {
        if (command instanceof KvCommand.Read read) {
            return store.get(read.key());
        }
        if (command instanceof KvCommand.Write write) {
            if (write.value() == null) {
                store.remove(write.key());
            } else {
                store.put(write.key(), write.value());
            }
            return null;
        }
        KvCommand.CompareAndSet cas = (KvCommand.CompareAndSet) command;
        boolean matches = Objects.equals(store.get(cas.key()), cas.expected());
        if (matches) {
            if (cas.value() == null) {
                store.remove(cas.key());
            } else {
                store.put(cas.key(), cas.value());
            }
        }
        return Boolean.toString(matches);
    }
}
