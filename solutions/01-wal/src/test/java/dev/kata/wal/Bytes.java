package dev.kata.wal;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/** Small helpers the tests share. */
final class Bytes {

    private Bytes() {
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] random(RandomGenerator random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Room for the 8-byte segment header and 4 records of 16 + 84 bytes: segments 1-4, 5-8, 9-12, ... */
    static final WalConfig FOUR_PER_SEGMENT = new WalConfig(8 + 4 * 100, 84);

    /** {@code text} padded with spaces to 84 bytes, so that its record fills a quarter of a {@link #FOUR_PER_SEGMENT} segment. */
    static byte[] padded(String text) {
        return utf8(String.format("%-84s", text));
    }

    /** The name of the first segment of a fresh log. */
    static final String FIRST_SEGMENT = "00000000000000000001.log";
}
