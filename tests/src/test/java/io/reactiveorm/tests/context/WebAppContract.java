package io.reactiveorm.tests.context;

import io.r2dbc.pool.ConnectionPool;
import io.reactiveorm.EntityManager;
import io.reactiveorm.Orm;
import io.reactiveorm.OrmException;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import io.reactiveorm.sql.R2dbcDriver;
import io.reactiveorm.tests.Polling;
import io.reactiveorm.tests.context.AuthorsApp.AuthorView;
import io.reactiveorm.tests.context.AuthorsApp.BookView;
import io.reactiveorm.tests.context.AuthorsApp.NewAuthor;
import io.reactiveorm.tests.context.AuthorsApp.Rename;
import io.reactiveorm.tests.db.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.reactiveorm.tests.context.Fixtures.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link AuthorsApp} served by Reactor Netty on a real port, one subclass per database: its routes
 * through WebTestClient, a load of concurrent requests through WebClient, and a request cancelled
 * while its transaction is open. A request that gets no response within {@link #REQUEST_TIMEOUT} fails
 * its test with a message naming it and saying what the server and the pool were doing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebAppContract {

    /** Requests that hold their fork at the same time in the load test (the issue asks for at least 500). */
    private static final int CONCURRENT_REQUESTS = 500;

    /**
     * How long one request may go without its response before its test fails naming it. In the load
     * test a request waits at the gate, then for one of 10 pooled connections behind up to 499 others,
     * and the pool itself fails a wait longer than 30 s. On a shared 2-core machine the slowest request
     * took 7-20 s (three measured runs) and the whole load 14-48 s (load average up to 12): 60 s is twice
     * the pool's limit and above the slowest whole load seen, so only a stuck request reaches it (a
     * connection held for ever, a response never written or never read).
     */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private Orm orm;
    private AuthorsApp app;
    private DisposableServer server;
    private WebTestClient client;

    abstract TestDatabase database();

    @BeforeAll
    void startServer() {
        orm = Fixtures.ormWithEmptyTables(R2dbcDriver.create(database().connectionFactory()), false);
        app = new AuthorsApp(orm);
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle(new ReactorHttpHandlerAdapter(app.httpHandler()))
                .bindNow(TIMEOUT);
        client = WebTestClient.bindToServer()
                .baseUrl(baseUrl())
                .filter((request, next) -> withinRequestTimeout(next.exchange(request),
                        AuthorsApp.requestName(request.method().name(), request.url().getPath(), null), null))
                // a last resort: the filter above fails a request without response first, naming it; this also
                // bounds reading a body whose headers came
                .responseTimeout(REQUEST_TIMEOUT.multipliedBy(2))
                .build();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.disposeNow(TIMEOUT);
        }
    }

    @BeforeEach
    void emptyTables() {
        Fixtures.emptyTables(orm);
        app.reset();
    }

    @AfterEach
    void nothingLeaked() {
        Fixtures.assertEveryConnectionReleased(database());
        assertThat(app.violations()).isEmpty();
        // the filter closes a fork when the server has finished the response, which may be just after
        // the client read it
        Polling.awaitTrue(() -> app.forks().stream().allMatch(WebAppContract::isClosed), TIMEOUT);
        assertThat(app.forks()).allSatisfy(fork -> assertThatThrownBy(fork::clear).hasMessageStartingWith("RO-3009"));
    }

    private static boolean isClosed(EntityManager fork) {
        try {
            fork.contains(fork);
            return false;
        } catch (OrmException closed) {
            return true;
        }
    }

    // the routes, through WebTestClient

    @Test
    void createsAnAuthorWithItsBooksInOneRequest() {
        AuthorView created = create(new NewAuthor("Ursula", List.of("The Dispossessed", "The Lathe of Heaven")));

        assertThat(created.id()).isNotNull();
        assertThat(created.books()).extracting(BookView::title).containsExactly("The Dispossessed", "The Lathe of Heaven");
        assertThat(created.books()).allSatisfy(book -> {
            assertThat(book.id()).isNotNull();
            assertThat(book.authorId()).isEqualTo(created.id());
        });
        assertThat(stored()).containsExactly(created);
    }

    @Test
    void listsEveryAuthorWithItsOwnBooks() {
        AuthorView ursula = create(new NewAuthor("Ursula", List.of("The Dispossessed")));
        AuthorView octavia = create(new NewAuthor("Octavia", List.of("Kindred", "Dawn")));

        List<AuthorView> listed = client.get().uri("/authors").exchange()
                .expectStatus().isOk()
                .expectBodyList(AuthorView.class).returnResult().getResponseBody();

        assertThat(listed).containsExactly(ursula, octavia);
    }

    @Test
    void renamesAnAuthorAndReadsItBack() {
        AuthorView created = create(new NewAuthor("Octavia", List.of("Kindred")));

        AuthorView renamed = client.put().uri("/authors/{id}", created.id()).bodyValue(new Rename("Octavia E. Butler"))
                .exchange()
                .expectStatus().isOk()
                .expectBody(AuthorView.class).returnResult().getResponseBody();

        assertThat(renamed).isEqualTo(new AuthorView(created.id(), "Octavia E. Butler", created.books()));
        assertThat(stored()).containsExactly(renamed);
        client.put().uri("/authors/{id}", created.id() + 1000).bodyValue(new Rename("Nobody")).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void deletesAnAuthorWithItsBooks() {
        AuthorView kept = create(new NewAuthor("Kept", List.of("Stays")));
        AuthorView deleted = create(new NewAuthor("Deleted", List.of("Goes", "Goes too")));

        client.delete().uri("/authors/{id}", deleted.id()).exchange().expectStatus().isNoContent();

        client.get().uri("/authors/{id}", deleted.id()).exchange().expectStatus().isNotFound();
        client.delete().uri("/authors/{id}", deleted.id()).exchange().expectStatus().isNotFound();
        assertThat(stored()).containsExactly(kept);
    }

    // concurrency

    /**
     * {@value #CONCURRENT_REQUESTS} clients at once, each creating an author with two books (all
     * creates are held until every one of them has arrived, so that many forks are alive together),
     * then renaming it and reading it back. No request may see another's fork or managed instance,
     * every row must be that client's, and the pool must end with every connection back.
     */
    @Test
    void concurrentRequestsNeverSeeEachOthersEntities() {
        app.holdCreatesUntil(CONCURRENT_REQUESTS, TIMEOUT);
        ConnectionProvider connections = ConnectionProvider.builder("load")
                .maxConnections(CONCURRENT_REQUESTS)
                .pendingAcquireMaxCount(-1)
                .build();
        WebClient web = WebClient.builder()
                .baseUrl(baseUrl())
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections).protocol(HttpProtocol.HTTP11)))
                .build();
        try {
            List<AuthorView> finals = Flux.range(0, CONCURRENT_REQUESTS)
                    .flatMap(i -> createRenameAndReadBack(web, i), CONCURRENT_REQUESTS)
                    .collectList()
                    .block(Duration.ofMinutes(3)); // a last resort: each request fails after REQUEST_TIMEOUT, naming itself

            assertThat(app.mostCreatesInFlight()).isGreaterThanOrEqualTo(CONCURRENT_REQUESTS);
            assertThat(app.violations()).isEmpty();
            assertThat(app.forks()).hasSize(3 * CONCURRENT_REQUESTS);
            Map<String, AuthorView> byName = stored().stream().collect(Collectors.toMap(AuthorView::name, Function.identity()));
            assertThat(byName).hasSize(CONCURRENT_REQUESTS);
            for (AuthorView seen : finals) {
                assertThat(byName.get(seen.name())).isEqualTo(seen);
            }
            for (int i = 0; i < CONCURRENT_REQUESTS; i++) {
                AuthorView row = byName.get("author " + i + " renamed");
                assertThat(row).as("author %d", i).isNotNull();
                assertThat(row.books()).extracting(BookView::title).containsExactly(i + "-a", i + "-b");
                assertThat(row.books()).extracting(BookView::authorId).containsOnly(row.id());
            }
        } finally {
            connections.disposeLater().block(TIMEOUT);
        }
    }

    /** One client: create, rename, read back; each response is checked against what this client sent. */
    private Mono<AuthorView> createRenameAndReadBack(WebClient web, int i) {
        return send(web, i, HttpMethod.POST, "/authors", new NewAuthor("author " + i, List.of(i + "-a", i + "-b")))
                .doOnNext(created -> assertThat(created.name()).isEqualTo("author " + i))
                .flatMap(created -> {
                    AuthorView renamed = new AuthorView(created.id(), "author " + i + " renamed", created.books());
                    String path = "/authors/" + created.id();
                    return send(web, i, HttpMethod.PUT, path, new Rename(renamed.name()))
                            .doOnNext(response -> assertThat(response).isEqualTo(renamed))
                            .then(send(web, i, HttpMethod.GET, path, null))
                            .doOnNext(read -> assertThat(read).isEqualTo(renamed));
                });
    }

    /** Client {@code client}'s request with {@code body} (or none), its response read within {@link #REQUEST_TIMEOUT}. */
    private Mono<AuthorView> send(WebClient web, int client, HttpMethod method, String path, Object body) {
        WebClient.RequestBodySpec request = web.method(method).uri(path).header(AuthorsApp.CLIENT_HEADER, String.valueOf(client));
        return withinRequestTimeout((body == null ? request : request.bodyValue(body)).retrieve().bodyToMono(AuthorView.class),
                AuthorsApp.requestName(method.name(), path, String.valueOf(client)), body);
    }

    /**
     * {@code exchange}, or an {@link IllegalStateException} naming {@code request} (and its {@code body},
     * when known) and saying what the server and the pool were doing, if it takes longer than
     * {@link #REQUEST_TIMEOUT}. Not {@code timeout(...)}: that cancels the request before its fallback
     * runs, and the server may have dropped the cancelled request by the time the message is built.
     */
    private <T> Mono<T> withinRequestTimeout(Mono<T> exchange, String request, Object body) {
        return Mono.firstWithSignal(exchange, Mono.delay(REQUEST_TIMEOUT).then(Mono.error(() -> new IllegalStateException(
                request + (body == null ? "" : " with body " + body) + " got no response within "
                        + REQUEST_TIMEOUT.toSeconds() + " s;\n" + app.serverState(request) + ";\n" + poolState()))));
    }

    /** The connections of the database's pool, as r2dbc-pool counts them. */
    private String poolState() {
        if (!(database().connectionFactory() instanceof ConnectionPool pool)) {
            return database() + " pool: not an r2dbc-pool ConnectionPool, no counts";
        }
        return pool.getMetrics()
                .map(metrics -> database() + " pool: connections acquired " + metrics.acquiredSize() + ", idle "
                        + metrics.idleSize() + ", at most " + metrics.getMaxAllocatedSize() + "; acquires pending "
                        + metrics.pendingAcquireSize())
                .orElse(database() + " pool: keeps no metrics");
    }

    // cancellation

    @Test
    void requestCancelledWithItsTransactionOpenIsRolledBackAndItsConnectionReturned() throws InterruptedException {
        Disposable request = WebClient.create(baseUrl()).post().uri("/stalled-authors")
                .bodyValue(new NewAuthor("Abandoned", List.of()))
                .retrieve().toBodilessEntity()
                .subscribe();
        assertThat(app.stalledWrite().await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(database().acquiredConnections()).isEqualTo(1);

        request.dispose(); // the client goes away: its connection closes, the server cancels the request

        Fixtures.assertEveryConnectionReleased(database());
        assertThat(stored()).isEmpty();
        client.get().uri("/authors").exchange().expectStatus().isEqualTo(HttpStatus.OK).expectBodyList(AuthorView.class).hasSize(0);
    }

    // helpers

    private AuthorView create(NewAuthor author) {
        return client.post().uri("/authors").bodyValue(author).exchange()
                .expectStatus().isCreated()
                .expectBody(AuthorView.class).returnResult().getResponseBody();
    }

    /** What the database holds, read on a fork of its own, as the application would show it. */
    private List<AuthorView> stored() {
        EntityManager fork = orm.fork();
        List<Author> authors = fork.find(Query.of(Author.class).orderBy("id")).collectList().block(TIMEOUT);
        List<Book> books = fork.find(Query.of(Book.class).where(Filter.all()).orderBy("id")).collectList().block(TIMEOUT);
        return authors.stream().map(author -> new AuthorView(author.getId(), author.getName(), books.stream()
                        .filter(book -> book.getAuthorId().equals(author.getId()))
                        .map(book -> new BookView(book.getId(), book.getTitle(), book.getAuthorId()))
                        .toList()))
                .toList();
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }
}
