package dev.kata.lock.tcp;

import dev.kata.lock.LockOp;
import dev.kata.lock.LockReply;
import dev.kata.lock.LockServiceException;
import dev.kata.lock.Sequencer;
import dev.kata.lock.tcp.CellAdmin.Status;
import dev.kata.runtime.cell.AddressBookFile;
import dev.kata.runtime.checker.LockCommand.Mode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The lock service's command line ({@code ./kata lock ...}), one session per command, over
 * {@link LockSession}. Output is for a person: one line per fact. Exit status 0; 1 when the cell
 * said no (not granted, a stale sequencer, a refused call); 2 for a wrong command line; 3 when no
 * master answered. Given code.
 */
public final class LockCli {

    static final String USAGE = """
            usage: lock [--book FILE] COMMAND      (FILE: target/lock-cell/cell.book unless given)
              ls PATH                 the nodes under PATH (the master's view)
              cat PATH                a file's contents and its generations
              put PATH TEXT           write a file (created if missing)
              rm PATH                 delete a node (a directory only when empty)
              lock PATH [--shared]    take the lock, waiting in line; hold it until Ctrl-C
              trylock PATH [--shared] take the lock if free now (exit 1 if not); hold it until Ctrl-C
              sequencer PATH          take the lock and print only its sequencer; hold it until Ctrl-C
              check SEQUENCER         whether a sequencer (PATH:exclusive:7) is still valid (exit 1 if not)
              watch PATH              the events of PATH (a file or a directory) as they come, until Ctrl-C
            paths live under /ls/cell, for example /ls/cell/leader""";

    private final AddressBookFile book;
    private final PrintStream out;

    private LockCli(AddressBookFile book, PrintStream out) {
        this.book = book;
        this.out = out;
    }

    public static void main(String[] args) {
        quietLogs();
        System.exit(run(new ArrayList<>(List.of(args)), System.out));
    }

    static int run(List<String> args, PrintStream out) {
        Path bookFile = LocalCell.DEFAULT_DIRECTORY.resolve("cell.book");
        int at = args.indexOf("--book");
        if (at >= 0 && at + 1 < args.size()) {
            bookFile = Path.of(args.get(at + 1));
            args.subList(at, at + 2).clear();
        }
        boolean shared = args.remove("--shared");
        if (args.isEmpty() || args.get(0).equals("help") || args.size() > 3) {
            out.println(USAGE);
            return args.isEmpty() || !args.get(0).equals("help") ? 2 : 0;
        }
        AddressBookFile book;
        try {
            book = AddressBookFile.read(bookFile);
        } catch (RuntimeException e) {
            out.println("cannot read the address book " + bookFile + ": " + e.getMessage() + " (./kata cell start 5?)");
            return 2;
        }
        LockCli cli = new LockCli(book, out);
        Mode mode = shared ? Mode.SHARED : Mode.EXCLUSIVE;
        String command = args.get(0);
        String argument = args.size() > 1 ? args.get(1) : null;
        if (argument == null || (args.size() == 3) != command.equals("put")) {
            out.println(USAGE);
            return 2;
        }
        try {
            return switch (command) {
                case "ls" -> cli.ls(argument);
                case "cat" -> cli.cat(argument);
                case "put" -> cli.put(argument, args.get(2));
                case "rm" -> cli.rm(argument);
                case "lock" -> cli.hold(argument, mode, true, false);
                case "trylock" -> cli.hold(argument, mode, false, false);
                case "sequencer" -> cli.hold(argument, mode, true, true);
                case "check" -> cli.check(argument);
                case "watch" -> cli.watch(argument);
                default -> {
                    out.println("unknown command '" + command + "'\n" + USAGE);
                    yield 2;
                }
            };
        } catch (LockServiceException e) {
            out.println("refused: " + e.getMessage());
            return 1;
        } catch (SessionTimeoutException e) {
            out.println(e.getMessage());
            return 3;
        }
    }

    private int ls(String path) {
        Optional<Status> master = CellProbe.master(book, Duration.ofSeconds(2));
        if (master.isEmpty()) {
            out.println("no master answered: ./kata cell status");
            return 3;
        }
        String prefix = path.endsWith("/") ? path : path + "/";
        List<String> under = master.get().paths().stream().filter(p -> p.startsWith(prefix)).toList();
        under.forEach(out::println);
        if (under.isEmpty()) {
            out.println("(nothing under " + path + ")");
        }
        return 0;
    }

    private int cat(String path) {
        try (LockSession session = session()) {
            LockReply.Contents contents = session.read(session.open(path, false));
            out.println(contents.contents());
            out.println("(content generation " + contents.metadata().contentGeneration() + ", lock generation "
                    + contents.metadata().lockGeneration() + ")");
            return 0;
        }
    }

    private int put(String path, String text) {
        try (LockSession session = session()) {
            session.write(session.open(path, true), text);
            out.println("wrote " + text.length() + " characters to " + path);
            return 0;
        }
    }

    private int rm(String path) {
        try (LockSession session = session()) {
            session.delete(session.open(path, false));
            out.println("deleted " + path);
            return 0;
        }
    }

    /** Takes the lock (waiting, or not), says so, and holds it until Ctrl-C, which releases it. */
    private int hold(String path, Mode mode, boolean wait, boolean terse) {
        LockSession session = session();
        CountDownLatch done = new CountDownLatch(1);
        try {
            long handle = session.open(new LockOp.Open(path, true, false, false));
            session.onSessionEvent(event -> say(terse ? null : "session: " + event.name().toLowerCase(Locale.ROOT)
                    .replace('_', ' ')));
            if (!terse) {
                say((wait ? "waiting for " : "trying ") + path + " (" + mode.name().toLowerCase(Locale.ROOT) + ") ...");
            }
            Optional<Sequencer> granted = wait ? Optional.of(session.acquire(handle, mode, Duration.ofDays(1)))
                    : session.tryAcquire(handle, mode);
            if (granted.isEmpty()) {
                say(path + " is not free (held by another session, or in its lock-delay)");
                session.close();
                return 1;
            }
            Sequencer sequencer = granted.get();
            if (terse) {
                out.println(sequencer);
            } else {
                say("HOLDING " + path + ", sequencer " + sequencer + "   (Ctrl-C releases it)");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    session.release(handle, sequencer);
                    if (!terse) {
                        say("released " + path);
                    }
                } catch (RuntimeException e) {
                    say("could not release " + path + " (" + e.getMessage() + "); the cell frees it when the session expires");
                } finally {
                    session.close();
                    done.countDown();
                }
            }, "release-on-exit"));
            done.await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private int check(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3) {
            out.println("a sequencer looks like /ls/cell/leader:exclusive:7, not " + text);
            return 2;
        }
        Sequencer sequencer = new Sequencer(parts[0], Mode.valueOf(parts[1].toUpperCase(Locale.ROOT)), Long.parseLong(parts[2]));
        try (LockSession session = session()) {
            boolean valid = session.check(session.open(parts[0], false), sequencer);
            out.println(sequencer + (valid ? " is VALID: its holder still holds the lock"
                    : " is STALE: the lock was released or passed on since"));
            return valid ? 0 : 1;
        }
    }

    private int watch(String path) {
        LockSession session = session();
        session.onSessionEvent(event -> say("session: " + event.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        session.onCellEvent(event -> say(event.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + event.path()));
        try {
            session.open(new LockOp.Open(path, false, false, false)); // a handle: its events come to this session
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        say("watching " + path + " (Ctrl-C ends)");
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            session.close();
            done.countDown();
        }, "close-on-exit"));
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The runtime's notes (a session opened, ...) go to java.util.logging at INFO: a person wants this tool's lines only, unless -Dkata.verbose=true. */
    public static void quietLogs() {
        if (Boolean.getBoolean("kata.verbose")) {
            return; // -Dkata.verbose=true: every note of the client and the runtime, on standard error
        }
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        for (java.util.logging.Handler handler : root.getHandlers()) {
            handler.setLevel(java.util.logging.Level.WARNING);
        }
    }

    private LockSession session() {
        return LockSession.open(book, "cli-" + ProcessHandle.current().pid(), LockProgram.CONFIG);
    }

    private void say(String line) {
        if (line != null) {
            out.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + "  " + line);
        }
    }
}
