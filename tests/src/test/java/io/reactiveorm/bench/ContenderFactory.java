package io.reactiveorm.bench;

/**
 * Builds one contender for a run, e.g. {@code RawWorkloads::new}; {@link BenchmarkRunner#CONTENDERS}
 * lists them.
 */
@FunctionalInterface
public interface ContenderFactory {

    /**
     * Creates the contender; may block (it runs on the runner's thread before anything is timed).
     *
     * @param environment the database and the shared connection factory
     * @return the contender, never {@code null}
     */
    Workloads create(BenchEnvironment environment);
}
