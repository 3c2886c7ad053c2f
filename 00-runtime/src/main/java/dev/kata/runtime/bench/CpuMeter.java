package dev.kata.runtime.bench;

import dev.kata.runtime.cell.ProcessCell;
import dev.kata.runtime.node.NodeId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Reads the processor time (user and system) each server process of a {@link ProcessCell} and this
 * JVM, where the clients run, have used so far: a {@link ClosedLoop} reads it at both ends of its
 * window and divides by the operations counted. A role ("leader", "master") labels one server.
 * Counters of the benchmark's own (the entries a log applied, say) are read at the same moments and
 * divided the same way.
 */
public final class CpuMeter {

    private final ProcessCell cell;
    private final NodeId marked;
    private final String role;
    private final Map<String, LongSupplier> counters;

    private CpuMeter(ProcessCell cell, NodeId marked, String role, Map<String, LongSupplier> counters) {
        this.cell = cell;
        this.marked = marked;
        this.role = role;
        this.counters = counters;
    }

    /** The cell's servers ("n1", ...) and this process ("clients"). */
    public static CpuMeter of(ProcessCell cell) {
        return new CpuMeter(cell, null, null, Map.of());
    }

    /** The same, with {@code server} labelled "n1 (role)" in the figures; a null server labels none. */
    public CpuMeter withRole(NodeId server, String role) {
        return new CpuMeter(cell, server, role, counters);
    }

    /**
     * The same, reading {@code counter} too (a count that only grows, read at both ends of the window;
     * a reading below 0 means unknown, and the figure is left out).
     */
    public CpuMeter withCounter(String name, LongSupplier counter) {
        Map<String, LongSupplier> more = new LinkedHashMap<>(counters);
        more.put(name, counter);
        return new CpuMeter(cell, marked, role, more);
    }

    /** Each counter's reading now. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counters.forEach((name, counter) -> counts.put(name, counter.getAsLong()));
        return counts;
    }

    /** Processor time so far, in microseconds, of each server's process and of this one ("clients"). */
    public Map<String, Long> micros() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (NodeId server : cell.servers()) {
            cpu.put(server.name(), cell.process(server).toHandle().info().totalCpuDuration()
                    .map(d -> d.toNanos() / 1000).orElse(0L));
        }
        cpu.put("clients", ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1000).orElse(0L));
        return cpu;
    }

    /** How the figures name {@code who}: "n1 (leader)" for the server with a role. */
    String label(String who) {
        return marked != null && who.equals(marked.name()) ? who + " (" + role + ")" : who;
    }
}
