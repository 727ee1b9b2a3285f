package io.reactiveorm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Proves BlockHound is installed for the whole suite (by blockhound-junit-platform), so that a
 * broken agent or a lost JVM flag fails loudly instead of silently letting blocking calls through.
 */
class BlockHoundIsActiveTest {

    @Test
    void blockingCallOnAParallelSchedulerThreadIsReported() {
        Mono<Long> sleepsOnParallelThread = Mono.delay(Duration.ofMillis(1)) // emits on Schedulers.parallel()
                .doOnNext(tick -> sleep());

        StepVerifier.create(sleepsOnParallelThread)
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(BlockingOperationError.class)
                        .hasMessageContaining("java.lang.Thread.sleep"))
                .verify(Duration.ofSeconds(10));
    }

    private static void sleep() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
