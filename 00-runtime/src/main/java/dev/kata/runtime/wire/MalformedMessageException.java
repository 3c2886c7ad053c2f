package dev.kata.runtime.wire;

/** Bytes that do not decode to a registered message. The connection or delivery that carried them is dropped. */
public class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
