package dev.kata.runtime.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The secret every server of a cluster shares. A peer that says hello under a server's id must
 * prove it knows the secret (an HMAC-SHA256 over both sides' fresh nonces), so reaching the port is
 * not enough to speak as a server. Clients need no secret; they may only send what the module lets
 * clients send ({@link ClientMessages}).
 *
 * <p>Keep it out of the repository: a file readable only by the account that runs the node
 * ({@link #fromFile}), generated once per cluster ({@link #random()}, {@link #toHex()}).
 */
public final class ClusterSecret {

    /** Shorter secrets can be guessed; 32 bytes of randomness is what {@link #random()} gives. */
    public static final int MIN_BYTES = 16;

    private final byte[] bytes;

    private ClusterSecret(byte[] bytes) {
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("a cluster secret needs at least " + MIN_BYTES + " bytes, this one has "
                    + bytes.length + "; generate one with ClusterSecret.random().toHex()");
        }
        this.bytes = bytes.clone();
    }

    /** A fresh secret of 32 random bytes. */
    public static ClusterSecret random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new ClusterSecret(bytes);
    }

    public static ClusterSecret of(byte[] bytes) {
        return new ClusterSecret(Objects.requireNonNull(bytes, "bytes"));
    }

    /** A secret written as hexadecimal digits (as {@link #toHex()} writes it). */
    public static ClusterSecret fromHex(String hex) {
        try {
            return new ClusterSecret(HexFormat.of().parseHex(hex.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a cluster secret must be written as hexadecimal digits"
                    + " (an even number of 0-9, a-f): " + e.getMessage(), e);
        }
    }

    /** Reads a secret file: one line of hexadecimal digits, as {@link #toHex()} writes it. */
    public static ClusterSecret fromFile(Path file) {
        try {
            return fromHex(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster secret from " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The secret as hexadecimal digits, for a secret file. */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /** Never the secret itself: a configuration printed in a log must not leak it. */
    @Override
    public String toString() {
        return "ClusterSecret[" + bytes.length + " bytes, hidden]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterSecret that && java.security.MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
