package io.jbroker.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client jbroker did not write: the JDK's {@link java.net.http.WebSocket}, collecting
 * text messages and the close. With {@code reading=false} it requests nothing after the first
 * message, so the JDK stops reading the socket (a client that never reads).
 */
final class JdkClient implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final CompletableFuture<int[]> closeCode = new CompletableFuture<>();
    volatile String closeReason;
    final WebSocket ws;
    private final boolean reading;
    private final StringBuilder partial = new StringBuilder();

    JdkClient(String url, Map<String, String> headers, boolean reading) throws Exception {
        this.reading = reading;
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        ws = b.buildAsync(URI.create(url), new Listener()).get(10, TimeUnit.SECONDS);
    }

    JdkClient(String url) throws Exception {
        this(url, Map.of(), true);
    }

    static JdkClient subscribed(String url, String subscriptions) throws Exception {
        JdkClient c = new JdkClient(url);
        c.send(subscriptions);
        String ack = c.next();
        if (ack == null || !ack.startsWith("{\"type\":\"ack\"")) {
            throw new AssertionError("no ack: " + ack);
        }
        return c;
    }

    void send(String text) throws Exception {
        ws.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    void sendBinary(byte[] bytes) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).get(10, TimeUnit.SECONDS);
    }

    /** The next text message, or null after 10 s. */
    String next() throws InterruptedException {
        return texts.poll(10, TimeUnit.SECONDS);
    }

    /** The close code the server sent, or -1 if the connection ended without one (within 20 s). */
    int awaitClose() throws Exception {
        return closeCode.get(20, TimeUnit.SECONDS)[0];
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(1000, "")
                    .orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(t -> null)
                    .join();
        }
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            if (reading) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(new int[] {statusCode});
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(new int[] {-1});
        }
    }
}
