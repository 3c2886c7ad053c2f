package dev.kata.runtime.trace;

import java.util.List;
import java.util.Set;

/**
 * A recorded run: what a failing test's trace page shows.
 *
 * @param title                 what ran, for example the test's display name
 * @param seed                  the seed that replays the run
 * @param nodes                 the lanes of the diagram, in order (servers, then clients)
 * @param events                every event, in order of time
 * @param highlightedOperations client operation ids to mark (for example the checker's smallest
 *                              non-linearizable piece)
 * @param summary               lines of text shown above the diagram (the failure, the checker's words)
 */
public record Trace(String title, long seed, List<String> nodes, List<TraceEvent> events,
                    Set<Long> highlightedOperations, List<String> summary) {

    public Trace {
        nodes = List.copyOf(nodes);
        events = List.copyOf(events);
        highlightedOperations = Set.copyOf(highlightedOperations);
        summary = List.copyOf(summary);
    }
}
