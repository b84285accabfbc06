package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.data.Data;
import io.jbroker.endpoint.testing.Endpoints;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #11 fault 2: calls that block, made from a handler running on an I/O thread (a direct
 * executor). {@code close()} works from there (the shutdown moves to another thread); calls that
 * would wait for the I/O thread they block fail fast with an {@link IllegalStateException}.
 */
class IoThreadCallsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final Endpoints endpoints = new Endpoints();

    private Endpoint endpoint() {
        Endpoint e = Endpoint.create(EndpointConfig.builder().ioThreads(1).build());
        endpoints.track(e);
        return e;
    }

    /**
     * Runs {@code action} in a handler of {@code b} on b's I/O thread (a message from a peer, a
     * direct executor) and returns what it threw (or null).
     */
    private Throwable onIoThread(Endpoint b, Consumer<Endpoint> action) throws Exception {
        Endpoint a = endpoint();
        int port = a.listen("127.0.0.1", 0);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        b.subscribe("/go")
                .onMessage(
                        m -> {
                            assertThat(Thread.currentThread().getName()).startsWith("jbroker-io");
                            try {
                                action.accept(b);
                                thrown.complete(null);
                            } catch (Throwable t) {
                                thrown.complete(t);
                            }
                        },
                        Runnable::run);
        b.peerBlocking("127.0.0.1", port, Duration.ZERO, WAIT);
        Await.until("a learns b's subscription", () -> EndpointPairTest.peerSubscribed(a, b.id(), "/go"));
        a.publish("/go", Data.count(1));
        return thrown.get(30, TimeUnit.SECONDS);
    }

    @Test
    void closeFromAHandlerShutsTheEndpointDown() throws Exception {
        Endpoint b = endpoint();
        Throwable t = onIoThread(b, Endpoint::close);
        assertThat(t).as("close() from a handler").isNull();
        Await.until("b's I/O threads end", b::ioTerminated);
        Endpoint a = (Endpoint) endpoints.opened().get(1); // the peer onIoThread opened
        Await.until("a sees b leave", () -> a.peers().isEmpty());
    }

    @Test
    void peerBlockingFromAnIoThreadFailsFast() throws Exception {
        Endpoint c = endpoint();
        int port = c.listen("127.0.0.1", 0);
        Endpoint b = endpoint();
        Throwable t = onIoThread(b, e -> e.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(3)));
        assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("I/O thread");
    }

    @Test
    void publisherFromAnIoThreadFailsFast() throws Exception {
        Endpoint b = endpoint();
        Publisher pub = b.publisher("/out", Duration.ofSeconds(1));
        Throwable t = onIoThread(b, e -> {
            try {
                pub.publish(Data.count(1), Duration.ofSeconds(1));
            } catch (InterruptedException ex) {
                throw new AssertionError(ex);
            }
        });
        assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("I/O thread");
    }

    @Test
    void listenAndWaitingGetFromAnIoThreadFailFast() throws Exception {
        Endpoint b = endpoint();
        Subscriber other = b.subscribe("/other");
        Throwable t = onIoThread(b, e -> e.listen("127.0.0.1", 0));
        assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("I/O thread");

        Endpoint d = endpoint();
        Subscriber otherAtD = d.subscribe("/other");
        Throwable g = onIoThread(d, e -> {
            try {
                otherAtD.get(Duration.ofSeconds(1));
            } catch (InterruptedException ex) {
                throw new AssertionError(ex);
            }
        });
        assertThat(g).isInstanceOf(IllegalStateException.class).hasMessageContaining("I/O thread");
        assertThat(other.poll()).isNull();
    }
}
