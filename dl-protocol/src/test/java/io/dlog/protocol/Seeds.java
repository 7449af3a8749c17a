package io.dlog.protocol;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Seeds for the randomized tests. A randomized test is a {@code @ParameterizedTest(name = Seeds.NAME)} over a
 * {@code @MethodSource} that returns {@link #of(String, int)}; each invocation draws its whole case from a
 * {@code java.util.Random} made from its seed, through {@link #check(long, Case)}, so a failure names the seed
 * and rerunning that one seed reproduces it exactly:
 *
 * <pre>mvn -pl dl-protocol test -Dtest=RecordSetRoundTripTest -Ddlog.test.seed=-4962768465676381896</pre>
 *
 * <p>The seeds are fixed (derived from the test's name), so every build runs the same cases.
 */
public final class Seeds {
    /** Display name of each invocation: its seed. */
    public static final String NAME = "seed {0}";
    /** System property that replaces every seed list with that single seed. */
    public static final String PROPERTY = "dlog.test.seed";

    private Seeds() {
    }

    /**
     * Returns {@code count} fixed seeds for the test called {@code name}, or only the seed given by the system
     * property {@value #PROPERTY} when it is set.
     */
    public static LongStream of(String name, int count) {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) {
            return LongStream.of(Long.parseLong(override.trim()));
        }
        return new SplittableRandom(name.hashCode() * 0x9E3779B97F4A7C15L).longs(count);
    }

    /**
     * Runs one randomized case with {@code new Random(seed)}; any failure is rethrown as an {@link AssertionError}
     * whose message starts with the seed and how to rerun it.
     */
    public static void check(long seed, Case body) {
        try {
            body.run(new Random(seed));
        } catch (AssertionError | Exception e) {
            throw new AssertionError("seed " + seed + " (rerun it alone with -D" + PROPERTY + "=" + seed + "): "
                    + e.getMessage(), e);
        }
    }

    /** One randomized case: draws its inputs from the random source it is given and asserts on them. */
    @FunctionalInterface
    public interface Case {
        void run(Random random) throws Exception;
    }
}
