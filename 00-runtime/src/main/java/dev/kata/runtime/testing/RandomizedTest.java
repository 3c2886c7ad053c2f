package dev.kata.runtime.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that runs once per seed. The method takes a {@code long seed} parameter and must derive
 * every random choice from it, so that a failing seed replays exactly.
 *
 * <p>Which seeds run:
 * <ul>
 *   <li>{@code -Dkata.seed=N}: only seed N (the replay of a failure);</li>
 *   <li>{@code -Dkata.seeds=K}: K seeds instead of {@link #seeds()} (a sweep, for example 500);</li>
 *   <li>{@code -Dkata.seedStart=S}: seeds S, S+1, ...; {@code random} picks S at random and prints it.</li>
 * </ul>
 * By default the seeds are 1 to {@link #seeds()}: the default build is deterministic.
 *
 * <p>A failure names its seed and the command that replays it, and carries every line that
 * {@link FailureReport} collected during the run (such as the path of a simulation trace).
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(SeedExtension.class)
public @interface RandomizedTest {

    /** How many seeds the default build runs; keep the default run fast. */
    int seeds() default 20;
}
