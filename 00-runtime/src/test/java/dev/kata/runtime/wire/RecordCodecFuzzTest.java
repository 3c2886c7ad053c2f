package dev.kata.runtime.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.testing.RandomizedTest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;

/**
 * Decoding is the one place where the outside world hands the runtime arbitrary bytes. Whatever
 * they are, the codec must either return a message or throw {@link MalformedMessageException}:
 * never another exception, never a hang, never an allocation the input did not pay for.
 */
@DisplayName("RecordCodec under fuzzing")
class RecordCodecFuzzTest {

    private static final int[] INTERESTING_INTS = {0, 1, -1, 2, 127, 128, 255, 65_535, Integer.MAX_VALUE,
            Integer.MIN_VALUE, Integer.MAX_VALUE - 8, 16 * 1024 * 1024, 100_000_000};

    private final RecordCodec codec = WireSamples.codec();
    private final List<byte[]> valid = WireSamples.samples().stream().map(codec::encode).toList();

    @RandomizedTest(seeds = 10)
    @DisplayName("random bytes only ever decode or throw MalformedMessageException")
    void randomBytes(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 3_000; i++) {
            byte[] input = new byte[random.nextInt(64)];
            random.nextBytes(input);
            if (input.length > 0 && random.nextBoolean()) {
                input[0] = RecordCodec.WIRE_VERSION; // get past the version byte more often
            }
            check(input);
        }
    }

    @RandomizedTest(seeds = 10)
    @DisplayName("mutated valid messages only ever decode or throw MalformedMessageException")
    void mutatedMessages(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 10_000; i++) {
            byte[] input = valid.get(random.nextInt(valid.size())).clone();
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                input = mutate(input, random);
            }
            check(input);
        }
    }

    private byte[] mutate(byte[] input, SplittableRandom random) {
        if (input.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(input.length);
        switch (random.nextInt(5)) {
            case 0 -> input[at] = (byte) random.nextInt(256);
            case 1 -> input[at] ^= (byte) (1 << random.nextInt(8));
            case 2 -> {
                // Overwrite four bytes with a length-like value: the interesting lies are here.
                int value = INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
                for (int k = 0; k < 4 && at + k < input.length; k++) {
                    input[at + k] = (byte) (value >>> (24 - 8 * k));
                }
            }
            case 3 -> input = Arrays.copyOf(input, at);
            default -> {
                byte[] longer = new byte[input.length + 1];
                System.arraycopy(input, 0, longer, 0, at);
                longer[at] = (byte) random.nextInt(256);
                System.arraycopy(input, at, longer, at + 1, input.length - at);
                input = longer;
            }
        }
        return input;
    }

    private void check(byte[] input) {
        Message decoded;
        try {
            decoded = codec.decode(input);
        } catch (MalformedMessageException expected) {
            assertThat(expected.getMessage()).startsWith("malformed message: ");
            return;
        } catch (Throwable wrong) {
            throw new AssertionError("decoding " + HexFormat.of().formatHex(input) + " threw " + wrong
                    + " instead of MalformedMessageException", wrong);
        }
        // Whatever decodes is a message the codec can send again.
        try {
            codec.encode(decoded);
        } catch (RuntimeException e) {
            fail("decoded %s from %s but cannot encode it again: %s", decoded, HexFormat.of().formatHex(input), e);
        }
    }
}
