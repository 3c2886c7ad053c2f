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

    /** The name of the first segment of a fresh log. */
    static final String FIRST_SEGMENT = "00000000000000000001.log";
}
