package io.reactiveorm.tests.context;

import io.reactiveorm.EntityManager;
import io.reactiveorm.Orm;
import io.reactiveorm.context.ContextEntityManager;
import io.reactiveorm.context.webflux.RequestContextWebFilter;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A small WebFlux application over authors and their books, written the way an application would be:
 * functional routes whose handlers use one shared {@link ContextEntityManager}, and a
 * {@link RequestContextWebFilter} that gives every request its own fork. Books point at their author
 * through a plain {@code authorId} column (the app does not use the ORM's relation mapping).
 *
 * <p>For the tests it also watches isolation: every fork is recorded with the request that used it,
 * every managed instance a handler sees with the fork that returned it; a fork seen by two requests,
 * or an instance seen by two forks, is a violation. A gate can hold the first requests until a given
 * number have arrived, so that many requests provably hold their forks at once. Every request is kept
 * from its arrival until its response is written, so that a test whose request got no answer can say
 * what the server was doing ({@link #serverState(String)}).
 */
final class AuthorsApp {

    /** The request header by which a client of the load test gives its number, so the server can name it. */
    static final String CLIENT_HEADER = "X-Client";

    /** How many of the requests in flight {@link #serverState(String)} lists, oldest first. */
    private static final int LISTED_REQUESTS = 5;

    record NewAuthor(String name, List<String> books) {
    }

    record Rename(String name) {
    }

    record BookView(Long id, String title, Long authorId) {
    }

    record AuthorView(Long id, String name, List<BookView> books) {
    }

    private final Orm orm;
    private final ContextEntityManager em;
    private final Map<EntityManager, String> requestOfFork = new ConcurrentHashMap<>();
    private final Map<Object, EntityManager> forkOfInstance = new ConcurrentHashMap<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final Map<String, Arrival> requestsInFlight = new ConcurrentHashMap<>();
    private volatile Gate gate;
    private volatile CountDownLatch stalledWrite = new CountDownLatch(1);

    AuthorsApp(Orm orm) {
        this.orm = orm;
        this.em = ContextEntityManager.of(orm);
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST("/authors", this::create)
                .GET("/authors", this::list)
                .GET("/authors/{id}", this::get)
                .PUT("/authors/{id}", this::rename)
                .DELETE("/authors/{id}", this::delete)
                .POST("/stalled-authors", this::createAndStall)
                .build();
    }

    /** The application as a server runs it: the routes behind the request-context filter. */
    HttpHandler httpHandler() {
        return RouterFunctions.toHttpHandler(routes(), HandlerStrategies.builder()
                .webFilter(this::keepInFlight)
                .webFilter(new RequestContextWebFilter(orm))
                .build());
    }

    // handlers

    /** Creates an author and its books in one transaction: the author is flushed first for its id. */
    private Mono<ServerResponse> create(ServerRequest request) {
        return arrive()
                .then(request.bodyToMono(NewAuthor.class))
                .flatMap(body -> em.transactional(tx -> em.persist(new Author(body.name()))
                        .flatMap(author -> em.flush()
                                .thenMany(Flux.fromIterable(body.books())
                                        .concatMap(title -> em.persist(new Book(title, author.getId()))))
                                .collectList()
                                .map(books -> new Loaded(author, books)))))
                .flatMap(loaded -> watch(request, loaded))
                .flatMap(loaded -> ServerResponse.created(URI.create("/authors/" + loaded.author.getId()))
                        .bodyValue(loaded.view()))
                .doFinally(signal -> inFlight.decrementAndGet());
    }

    private Mono<ServerResponse> list(ServerRequest request) {
        return em.find(Query.of(Author.class).orderBy("id"))
                .collectList()
                .flatMap(authors -> booksOf(authors.stream().map(Author::getId).toList())
                        .map(books -> authors.stream().map(author -> new Loaded(author, books.stream()
                                .filter(book -> book.getAuthorId().equals(author.getId())).toList())).toList()))
                .flatMapMany(Flux::fromIterable)
                .concatMap(loaded -> watch(request, loaded))
                .map(Loaded::view)
                .collectList()
                .flatMap(views -> ServerResponse.ok().bodyValue(views));
    }

    private Mono<ServerResponse> get(ServerRequest request) {
        return load(id(request))
                .flatMap(loaded -> watch(request, loaded))
                .flatMap(loaded -> ServerResponse.ok().bodyValue(loaded.view()))
                .switchIfEmpty(ServerResponse.notFound().build());
    }

    /** Renames, flushes, and reads the author back in the same request: it must be the same instance. */
    private Mono<ServerResponse> rename(ServerRequest request) {
        Long id = id(request);
        return request.bodyToMono(Rename.class)
                .flatMap(body -> em.findOne(Author.class, id)
                        .doOnNext(author -> author.setName(body.name())))
                .flatMap(author -> em.flush()
                        .then(load(id))
                        .doOnNext(reloaded -> {
                            if (reloaded.author != author) {
                                violations.add(request.exchange().getRequest().getId() + " reloaded author " + id
                                        + " as another instance than the one it renamed");
                            }
                        }))
                .flatMap(loaded -> watch(request, loaded))
                .flatMap(loaded -> ServerResponse.ok().bodyValue(loaded.view()))
                .switchIfEmpty(ServerResponse.notFound().build());
    }

    private Mono<ServerResponse> delete(ServerRequest request) {
        return load(id(request))
                .flatMap(loaded -> Flux.fromIterable(loaded.books).concatMap(em::remove)
                        .then(em.remove(loaded.author))
                        .then(em.flush())
                        .then(ServerResponse.noContent().build()))
                .switchIfEmpty(ServerResponse.notFound().build());
    }

    /** Writes an author inside a transaction, then never answers: the client gives up and cancels. */
    private Mono<ServerResponse> createAndStall(ServerRequest request) {
        return request.bodyToMono(NewAuthor.class)
                .flatMap(body -> em.transactional(tx -> em.persist(new Author(body.name()))
                        .then(em.flush())
                        .then(Mono.fromRunnable(() -> stalledWrite.countDown()))
                        .then(Mono.never())))
                .then(ServerResponse.status(HttpStatus.INTERNAL_SERVER_ERROR).build());
    }

    // reading

    private record Loaded(Author author, List<Book> books) {
        AuthorView view() {
            return new AuthorView(author.getId(), author.getName(), books.stream()
                    .map(book -> new BookView(book.getId(), book.getTitle(), book.getAuthorId())).toList());
        }
    }

    private Mono<Loaded> load(Long id) {
        return em.findOne(Author.class, id)
                .flatMap(author -> booksOf(List.of(id)).map(books -> new Loaded(author, books)));
    }

    private Mono<List<Book>> booksOf(List<Long> authorIds) {
        return em.find(Query.of(Book.class).where(Filter.in("authorId", authorIds)).orderBy("id")).collectList();
    }

    private static Long id(ServerRequest request) {
        return Long.valueOf(request.pathVariable("id"));
    }

    // isolation watch

    /** Records the request's fork and the instances it returned; reports what another request already saw. */
    private Mono<Loaded> watch(ServerRequest request, Loaded loaded) {
        String requestId = request.exchange().getRequest().getId();
        return em.current().map(fork -> {
            String owner = requestOfFork.putIfAbsent(fork, requestId);
            if (owner != null && !owner.equals(requestId)) {
                violations.add("request " + requestId + " got the fork of request " + owner);
            }
            List<Object> instances = new ArrayList<>(loaded.books);
            instances.add(loaded.author);
            for (Object instance : instances) {
                EntityManager first = forkOfInstance.putIfAbsent(instance, fork);
                if (first != null && first != fork) {
                    violations.add("request " + requestId + " saw an instance managed by the fork of request "
                            + requestOfFork.get(first));
                }
            }
            return loaded;
        });
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    Set<EntityManager> forks() {
        return Set.copyOf(requestOfFork.keySet());
    }

    /** The most creates that were in flight at once since the last {@link #reset()}. */
    int mostCreatesInFlight() {
        return mostInFlight.get();
    }

    CountDownLatch stalledWrite() {
        return stalledWrite;
    }

    /** Forgets what was watched, and re-arms the stalled-request latch. */
    void reset() {
        requestOfFork.clear();
        forkOfInstance.clear();
        violations.clear();
        mostInFlight.set(0);
        gate = null;
        stalledWrite = new CountDownLatch(1);
    }

    // requests in flight

    /**
     * How a request is named in the failure of a test and in {@link #serverState(String)}, such as
     * {@code "PUT /authors/42 (client 17)"}; {@code client} is {@code null} for a request without
     * {@link #CLIENT_HEADER}.
     */
    static String requestName(String method, String path, String client) {
        return method + " " + path + (client == null ? "" : " (client " + client + ")");
    }

    private record Arrival(String request, long nanos) {
        String age(long now) {
            return String.format("%.1f s", (now - nanos) / 1e9);
        }
    }

    /** Keeps the request from its arrival until its response is written (or it is cancelled). */
    private Mono<Void> keepInFlight(ServerWebExchange exchange, WebFilterChain chain) {
        String id = exchange.getRequest().getId();
        return Mono.defer(() -> {
                    ServerHttpRequest request = exchange.getRequest();
                    String name = requestName(request.getMethod().name(), request.getPath().value(),
                            request.getHeaders().getFirst(CLIENT_HEADER));
                    requestsInFlight.put(id, new Arrival(name, System.nanoTime()));
                    return chain.filter(exchange);
                })
                .doFinally(signal -> requestsInFlight.remove(id));
    }

    /**
     * What the server is doing, for the failure of a request that got no answer: whether the request
     * named {@code request} (see {@link #requestName}) is in flight here and for how long, the oldest
     * requests in flight, and the creates and their gate.
     */
    String serverState(String request) {
        long now = System.nanoTime();
        List<Arrival> arrivals = requestsInFlight.values().stream().sorted(Comparator.comparingLong(Arrival::nanos)).toList();
        String self = arrivals.stream().filter(arrival -> arrival.request.equals(request)).findFirst()
                .map(arrival -> "in flight there for " + arrival.age(now))
                .orElse("not in flight there (it never arrived, or its response was written)");
        String oldest = arrivals.stream().limit(LISTED_REQUESTS)
                .map(arrival -> arrival.request + " for " + arrival.age(now))
                .collect(Collectors.joining(", "));
        Gate current = gate;
        return "server: this request is " + self + "; requests in flight " + arrivals.size()
                + (arrivals.isEmpty() ? "" : ", oldest first: " + oldest
                        + (arrivals.size() > LISTED_REQUESTS ? ", ..." : ""))
                + "; creates in flight " + inFlight.get()
                + (current == null ? "" : ", " + current.arrived.get() + " of " + current.expected + " arrived at the gate");
    }

    // gate

    /** Holds every create until {@code requests} creates have arrived (or {@code limit} passed). */
    void holdCreatesUntil(int requests, Duration limit) {
        gate = new Gate(requests, limit);
    }

    /** Counts a create in flight (until its response) and waits at the gate, if one is set. */
    private Mono<Void> arrive() {
        return Mono.defer(() -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Gate current = gate;
            return current == null ? Mono.empty() : current.arrive();
        });
    }

    private static final class Gate {
        private final int expected;
        private final Duration limit;
        private final AtomicInteger arrived = new AtomicInteger();
        private final Sinks.Empty<Void> open = Sinks.empty();

        Gate(int expected, Duration limit) {
            this.expected = expected;
            this.limit = limit;
        }

        Mono<Void> arrive() {
            if (arrived.incrementAndGet() == expected) {
                open.tryEmitEmpty();
            }
            return open.asMono().timeout(limit, Mono.error(() -> new IllegalStateException(
                    "only " + arrived.get() + " of " + expected + " requests arrived within " + limit)));
        }
    }
}
