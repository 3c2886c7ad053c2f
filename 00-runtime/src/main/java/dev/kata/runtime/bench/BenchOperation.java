package dev.kata.runtime.bench;

/**
 * What one client of a {@link ClosedLoop} does, over and over, one at a time: a write, a lock cycle.
 * It blocks until the answer is in.
 */
@FunctionalInterface
public interface BenchOperation {

    /**
     * Does the operation once.
     *
     * @return whether it succeeded; false, or an exception, counts as an error and is not timed
     */
    boolean perform() throws Exception;
}
