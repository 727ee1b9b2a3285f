package io.reactiveorm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.spi.Connection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The runner end to end on an in-memory H2 database of its own (not TestDatabase's, whose table
 * {@code person} belongs to other tests): every workload prepared, timed and verified, graph10k also
 * with the real contenders.
 */
class BenchmarkRunnerIT {

    private static final String URL = "r2dbc:h2:mem:///reactiveorm-bench-it;DB_CLOSE_DELAY=-1";

    @Test
    void rawContenderPassesTheVerificationOfEveryWorkload() {
        String printed = run(List.of(RawWorkloads::new), 1);

        for (Workload workload : Workload.values()) {
            assertThat(printed).contains(workload.label());
        }
        assertThat(printed).doesNotContain("ratio");
    }

    @Test
    void contendersAlternateAndTheSecondIsComparedWithTheFirst() {
        List<String> calls = new ArrayList<>();
        ContenderFactory first = environment -> new Recording("raw", new RawWorkloads(environment), calls);
        ContenderFactory second = environment -> new Recording("copy", new RawWorkloads(environment), calls);

        String printed = run(List.of(first, second), 2, Workload.FIND_10K);

        assertThat(calls).containsExactly("setUp raw", "find raw", "setUp copy", "find copy",
                "setUp raw", "find raw", "setUp copy", "find copy", "close raw", "close copy");
        assertThat(printed).contains("ratio").containsPattern("find10k\\s+copy\\s+.*\\d\\.\\d\\d");
    }

    @Test
    void aWorkloadWarmsUpPastItsCountUntilEveryContenderHasSpentTheWarmUpTimeOnIt() {
        List<String> calls = new ArrayList<>();
        ContenderFactory first = environment -> new Slow("first", new RawWorkloads(environment), calls);
        ContenderFactory second = environment -> new Slow("second", new RawWorkloads(environment), calls);

        String printed = run(List.of(first, second), 1, 1, 1_000, Workload.FIND_10K);

        long runs = calls.stream().filter("find first"::equals).count();
        assertThat(runs).as("warm-up runs of 50-250 ms until 1,000 ms, then 1 measured run").isBetween(5L, 21L);
        assertThat(calls.stream().filter("find second"::equals).count()).isEqualTo(runs);
        assertThat(printed).contains("1 measured runs after at least 1 warm-up runs and 1000 ms");
    }

    /** A contender whose find10k takes 50 ms longer than raw's. */
    private static class Slow extends Recording {
        Slow(String name, Workloads delegate, List<String> calls) {
            super(name, delegate, calls);
        }

        @Override
        public Mono<? extends Collection<?>> find10k() {
            return super.find10k().delayElement(Duration.ofMillis(50));
        }
    }

    @Test
    void aContenderThatMapsTooFewRowsFailsTheRun() {
        ContenderFactory sloppy = environment -> new Recording("sloppy", new RawWorkloads(environment), new ArrayList<>()) {
            @Override
            public Mono<? extends Collection<?>> find10k() {
                return super.find10k().map(rows -> new ArrayList<>(rows).subList(1, rows.size()));
            }
        };

        assertThatThrownBy(() -> run(List.of(sloppy), 1, Workload.FIND_10K))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("find10k by 'sloppy' emitted 9999 elements; expected a collection of 10000");
    }

    @Test
    void aContenderThatSkipsTheWriteFailsTheRun() {
        ContenderFactory lazy = environment -> new Recording("lazy", new RawWorkloads(environment), new ArrayList<>()) {
            @Override
            public Mono<?> update10k() {
                return find10k();
            }
        };

        assertThatThrownBy(() -> run(List.of(lazy), 1, Workload.UPDATE_10K))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("update10k by 'lazy' left 10000 rows with age sum");
    }

    @Test
    void everyRealContenderPassesTheVerificationOfTheGraphWorkload() {
        String printed = run(BenchmarkRunner.CONTENDERS, 1, Workload.GRAPH_10K);

        assertThat(printed).containsPattern("graph10k\\s+raw\\s+")
                .containsPattern("graph10k\\s+orm\\s+.*\\d\\.\\d\\d")
                .containsPattern("graph10k\\s+orm-b2500\\s+.*\\d\\.\\d\\d");
    }

    @Test
    void aContenderThatLoadsOnlySomeBooksFailsTheGraphRun() {
        ContenderFactory partial = environment -> new Recording("partial", new RawWorkloads(environment), new ArrayList<>()) {
            @Override
            public Mono<? extends Collection<? extends LoadedAuthor>> graph10k() {
                return new RawWorkloads(environment).graph10k().doOnNext(authors -> authors.get(0).books.remove(0));
            }
        };

        assertThatThrownBy(() -> run(List.of(partial), 1, Workload.GRAPH_10K))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("graph10k by 'partial' emitted author 'author-0' with books [author-0 book 1,");
    }

    @Test
    void aContenderThatSkipsTheBooksFailsTheGraphRun() {
        ContenderFactory skipping = environment -> new Recording("skipping", new RawWorkloads(environment), new ArrayList<>()) {
            @Override
            public Mono<? extends Collection<? extends LoadedAuthor>> graph10k() {
                RawStatements statements = environment.database().rawStatements();
                return Mono.usingWhen(environment.connectionFactory().create(), connection -> {
                    List<Author> authors = new ArrayList<>();
                    for (int a = 0; a < SampleData.AUTHORS; a++) {
                        authors.add(Author.sample(a));
                    }
                    return statements.insertAuthors(connection, authors).thenReturn(authors);
                }, Connection::close);
            }
        };

        assertThatThrownBy(() -> run(List.of(skipping), 1, Workload.GRAPH_10K))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("graph10k by 'skipping' left 1000 authors (1000 distinct names) and 0 books");
    }

    private static String run(List<ContenderFactory> contenders, int runs, Workload... workloads) {
        return run(contenders, runs, 0, 0, workloads);
    }

    private static String run(List<ContenderFactory> contenders, int runs, int warmups, long warmupMillis, Workload... workloads) {
        RunnerSettings settings = new RunnerSettings(BenchDatabase.H2, runs, warmups, warmupMillis,
                workloads.length == 0 ? List.of(Workload.values()) : List.of(workloads), URL);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchmarkRunner.run(settings, contenders, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Delegates to another contender under its own name and records the runner's calls. */
    private static class Recording implements Workloads {

        private final String name;
        private final Workloads delegate;
        private final List<String> calls;

        Recording(String name, Workloads delegate, List<String> calls) {
            this.name = name;
            this.delegate = delegate;
            this.calls = calls;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Mono<Void> setUp(Workload workload) {
            return Mono.fromRunnable(() -> calls.add("setUp " + name));
        }

        @Override
        public Mono<Void> close() {
            return Mono.fromRunnable(() -> calls.add("close " + name));
        }

        @Override
        public Mono<? extends Collection<?>> insert10k() {
            return delegate.insert10k();
        }

        @Override
        public Mono<?> update10k() {
            return delegate.update10k();
        }

        @Override
        public Mono<?> delete10k() {
            return delegate.delete10k();
        }

        @Override
        public Mono<? extends Collection<?>> find10k() {
            return delegate.find10k().doOnSubscribe(subscription -> calls.add("find " + name));
        }

        @Override
        public Mono<? extends Collection<?>> fetch1k(long[] ids) {
            return delegate.fetch1k(ids);
        }

        @Override
        public Mono<? extends Collection<? extends LoadedAuthor>> graph10k() {
            return delegate.graph10k();
        }
    }
}
