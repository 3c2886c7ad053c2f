package dev.kata.runtime.net;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the warnings the real driver logs on {@code dev.kata.runtime.net}, and keeps them out of
 * the build's output while a test expects them. Open it before the cluster, close it after.
 */
final class NetLog implements AutoCloseable {

    private final Logger netLog = Logger.getLogger("dev.kata.runtime.net"); // held: JUL keeps loggers weakly
    private final List<LogRecord> warnings = new ArrayList<>();
    private final Handler collector = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (warnings) {
                    warnings.add(record);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    NetLog() {
        netLog.addHandler(collector);
        netLog.setUseParentHandlers(false);
    }

    /** Every warning so far, with System.Logger's "{0}: {1}" pattern filled in. */
    List<String> warnings() {
        synchronized (warnings) {
            return warnings.stream().map(r -> r.getParameters() == null ? r.getMessage()
                    : MessageFormat.format(r.getMessage(), r.getParameters())).toList();
        }
    }

    /** All warnings so far, one per line, for an assertion's message. */
    String text() {
        return String.join("\n", warnings());
    }

    @Override
    public void close() {
        netLog.removeHandler(collector);
        netLog.setUseParentHandlers(true);
    }
}
