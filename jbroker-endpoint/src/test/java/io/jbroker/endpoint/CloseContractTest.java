package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.BrokerException;
import io.jbroker.DataMessage;
import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #11 fault 3: what {@link Endpoint#close()} promises. It closes and wakes every subscriber
 * and publisher, publishing afterwards fails with {@code shutting_down}, and the futures {@link
 * Endpoint#peer} hands out are the caller's own.
 */
class CloseContractTest {
    private final List<AutoCloseable> resources = new ArrayList<>();

    private Endpoint endpoint(EndpointConfig.Builder b) {
        Endpoint e = Endpoint.create(b.ioThreads(1).build());
        resources.add(e);
        return e;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    /** Runs {@code body} on a new thread; its outcome is the future's. */
    private static <T> CompletableFuture<T> inThread(String name, java.util.concurrent.Callable<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        f.complete(body.call());
                    } catch (Throwable e) {
                        f.completeExceptionally(e);
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static void awaitWaiting(String name) {
        Await.until(name + " waits", () -> Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(name)
                        && (t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.WAITING)));
    }

    private static ErrorCode codeOf(Throwable t) {
        Throwable c = t instanceof ExecutionException ? t.getCause() : t;
        assertThat(c).isInstanceOf(BrokerException.class);
        return ((BrokerException) c).code();
    }

    @Test
    void closeClosesAndWakesEverySubscriber() throws Exception {
        Endpoint e = endpoint(EndpointConfig.builder());
        Subscriber data = e.subscribe("/t");
        Subscriber status = e.statusSubscriber();
        CompletableFuture<DataMessage> blocked = inThread("blocked-get", () -> data.get(Duration.ofSeconds(30)));
        awaitWaiting("blocked-get");

        e.close();

        assertThat(blocked.get(10, TimeUnit.SECONDS))
                .as("a get blocked across close")
                .isNull();
        assertThat(data.isClosed()).isTrue();
        assertThat(status.isClosed()).isTrue();
        assertThat(data.get(Duration.ofSeconds(5))).isNull();
    }

    @Test
    void publishingAfterCloseFailsWithShuttingDown() throws Exception {
        Endpoint e = endpoint(EndpointConfig.builder());
        Publisher pub = e.publisher("/t", Duration.ofSeconds(1));
        assertThat(pub.isClosed()).isFalse();
        e.close();

        assertThatThrownBy(() -> e.publish("/t", Data.count(1)))
                .isInstanceOfSatisfying(
                        BrokerException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
        assertThatThrownBy(() -> e.publish(Topic.of("/t"), Data.count(1)))
                .isInstanceOfSatisfying(
                        BrokerException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
        assertThatThrownBy(() -> e.publish(EndpointId.random(), Topic.of("/t"), Data.count(1)))
                .isInstanceOfSatisfying(
                        BrokerException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
        assertThat(pub.isClosed()).isTrue();
        assertThatThrownBy(() -> pub.publish(Data.count(1), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(
                        BrokerException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
        assertThat(e.isClosed()).isTrue();
    }

    @Test
    void closeWakesAWaitingPublisher() throws Exception {
        Endpoint e = endpoint(EndpointConfig.builder().subscriberQueueSize(1).stallTimeout(Duration.ofSeconds(30)));
        e.subscribe("/t"); // never read: the second value waits for room
        Publisher pub = e.publisher("/t", Duration.ofSeconds(30));
        pub.publish(Data.count(1));
        CompletableFuture<Void> waiting = inThread("waiting-publish", () -> {
            pub.publish(Data.count(2));
            return null;
        });
        awaitWaiting("waiting-publish");

        e.close();

        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
                .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.SHUTTING_DOWN));
    }

    @Test
    void peerFuturesAreCopiesOnlyTheEndpointCompletes() throws Exception {
        // A listener that accepts and never answers: the handshake stays pending.
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        resources.add(silent);
        List<Socket> accepted = new ArrayList<>();
        inThread("silent-accept", () -> {
            while (true) {
                Socket s = silent.accept();
                synchronized (accepted) {
                    accepted.add(s);
                }
            }
        });
        resources.add(() -> {
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        });
        Endpoint e = endpoint(EndpointConfig.builder().handshakeTimeout(Duration.ofSeconds(30)));

        CompletableFuture<EndpointId> first = e.peer("127.0.0.1", silent.getLocalPort(), Duration.ZERO);
        assertThat(first.complete(EndpointId.random())).isTrue();
        CompletableFuture<EndpointId> second = e.peer("127.0.0.1", silent.getLocalPort(), Duration.ZERO);
        assertThat(second).isNotSameAs(first);
        assertThat(second.isDone())
                .as("completing one caller's future changed another's")
                .isFalse();
        second.cancel(true);
        CompletableFuture<EndpointId> third = e.peer("127.0.0.1", silent.getLocalPort(), Duration.ZERO);
        assertThat(third.isDone()).isFalse();

        e.close();
        assertThatThrownBy(() -> third.get(10, TimeUnit.SECONDS))
                .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.SHUTTING_DOWN));
    }
}
