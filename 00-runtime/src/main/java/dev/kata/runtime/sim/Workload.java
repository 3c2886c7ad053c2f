package dev.kata.runtime.sim;

import dev.kata.runtime.checker.KvCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The commands a {@link SimClient} issues one after another ({@link SimClient#runWorkload}). It draws
 * from the random stream it is given, so the commands replay with the seed.
 *
 * @param <C> the commands
 */
@FunctionalInterface
public interface Workload<C> {

    C next(RandomGenerator random);

    /**
     * Reads, writes and compare-and-sets over {@code keys}, half of them reads. Every write writes a
     * value never written before ("v1", "v2", ...: share one workload between clients to keep them
     * unique), which is what lets a linearizability checker tell the writes apart.
     */
    static Workload<KvCommand> readsWritesAndCas(String... keys) {
        if (keys.length == 0) {
            throw new IllegalArgumentException("a workload needs at least one key");
        }
        List<String> written = new ArrayList<>();
        return random -> {
            String key = keys[random.nextInt(keys.length)];
            int choice = random.nextInt(8);
            if (choice < 4) {
                return new KvCommand.Read(key);
            }
            String value = "v" + (written.size() + 1);
            if (choice < 7 || written.isEmpty()) {
                written.add(value);
                return new KvCommand.Write(key, value);
            }
            String expected = written.get(random.nextInt(written.size()));
            written.add(value);
            return new KvCommand.CompareAndSet(key, expected, value);
        };
    }
}
