package io.reactiveorm.bench;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class LoadedGraphTest {

    @Test
    void theSampleGraphWithGeneratedIdsPasses() {
        StepVerifier.create(LoadedGraph.require("graph10k by 'test'", sampleGraph()))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void anAuthorMissingABookFails() {
        List<Author> authors = sampleGraph();
        authors.get(7).books.remove(3);

        assertThatThrownBy(() -> LoadedGraph.require("graph10k by 'test'", authors).block(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("graph10k by 'test' emitted author 'author-7' with books [")
                .hasMessageContaining("expected [author-7 book 0");
    }

    @Test
    void aBookUnderTheWrongAuthorFails() {
        List<Author> authors = sampleGraph();
        Book moved = authors.get(1).books.remove(0);
        authors.get(2).books.set(0, moved);

        assertThatThrownBy(() -> LoadedGraph.require("graph10k by 'test'", authors).block(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("author 'author-1' with books");
    }

    @Test
    void tooFewAuthorsFail() {
        List<Author> authors = sampleGraph();
        authors.remove(authors.size() - 1);

        assertThatThrownBy(() -> LoadedGraph.require("graph10k by 'test'", authors).block(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("emitted 999 elements; expected a collection of 1000 loaded authors");
    }

    @Test
    void authorsWithoutGeneratedIdsFail() {
        List<Author> authors = sampleGraph();
        authors.get(5).id = authors.get(4).id;

        assertThatThrownBy(() -> LoadedGraph.require("graph10k by 'test'", authors).block(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("author 'author-5' with id 5, which is not a generated id or appears twice");
    }

    private static List<Author> sampleGraph() {
        List<Author> authors = new ArrayList<>();
        for (int a = 0; a < SampleData.AUTHORS; a++) {
            Author author = Author.sample(a);
            author.id = a + 1;
            authors.add(author);
        }
        return authors;
    }
}
