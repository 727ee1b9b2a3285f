package io.reactiveorm.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Checks what {@link Workloads#graph10k()} emitted: {@link SampleData#AUTHORS} {@link LoadedAuthor}s
 * with distinct ids, one per author name of {@link SampleData}, each holding exactly its own
 * {@link SampleData#BOOKS_PER_AUTHOR} book titles. Not timed.
 *
 * <p>Thread-safety: stateless.
 */
final class LoadedGraph {

    private static final String HINT = " Does the contender implement the workload as Workloads documents it?";

    private LoadedGraph() {
    }

    /**
     * Completes if {@code result} is the graph the class documentation describes; otherwise errors
     * with an {@link IllegalStateException} naming the first author that is missing or wrong.
     *
     * @param what names the run in the error, e.g. {@code "graph10k by 'raw'"}
     */
    static Mono<Void> require(String what, Object result) {
        String problem = problem(result);
        return problem == null ? Mono.empty() : Mono.error(new IllegalStateException(what + " emitted " + problem + HINT));
    }

    private static String problem(Object result) {
        if (!(result instanceof Collection<?> authors) || authors.size() != SampleData.AUTHORS) {
            String found = result instanceof Collection<?> collection ? collection.size() + " elements"
                    : result == null ? "nothing" : "a " + result.getClass().getName();
            return found + "; expected a collection of " + SampleData.AUTHORS + " loaded authors";
        }
        Map<String, Integer> numberByName = new HashMap<>();
        for (int a = 0; a < SampleData.AUTHORS; a++) {
            numberByName.put(SampleData.authorName(a), a);
        }
        Set<Long> ids = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (Object element : authors) {
            if (!(element instanceof LoadedAuthor author)) {
                return "a " + (element == null ? "null" : element.getClass().getName()) + " among the authors; expected "
                        + LoadedAuthor.class.getSimpleName() + "s";
            }
            Integer number = numberByName.get(author.name());
            if (number == null || !seen.add(author.name())) {
                return "author '" + author.name() + "', which is unknown or appears twice";
            }
            if (author.id() <= 0 || !ids.add(author.id())) {
                return "author '" + author.name() + "' with id " + author.id() + ", which is not a generated id or appears twice";
            }
            List<String> expected = new ArrayList<>(SampleData.BOOKS_PER_AUTHOR);
            for (int k = 0; k < SampleData.BOOKS_PER_AUTHOR; k++) {
                expected.add(SampleData.bookTitle(number, k));
            }
            List<String> titles = author.bookTitles();
            if (titles.size() != expected.size() || !new HashSet<>(titles).equals(new HashSet<>(expected))) {
                return "author '" + author.name() + "' with books " + titles + "; expected " + expected;
            }
        }
        return null;
    }
}
