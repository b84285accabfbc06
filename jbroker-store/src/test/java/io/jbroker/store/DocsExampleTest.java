package io.jbroker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The example of docs/stores.md, as written there (between the marker comments). */
class DocsExampleTest {
    @Test
    void theDocumentedExampleWorks() throws Exception {
        StoreEvent printed;
        // --- docs/stores.md example begins
        try (Endpoint a = Endpoint.create();
                Endpoint b = Endpoint.create()) {
            int port = a.listen("127.0.0.1", 0);
            b.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));

            Path file = Files.createTempDirectory("jbroker-store").resolve("users.sqlite");
            try (Store master = Stores.attachMaster(a, "users", SqliteBackend.open(file))) {
                master.put(Data.string("alice"), Data.count(1)); // returns once committed to the file

                try (Store clone = Stores.attachClone(b, "users")) {
                    System.out.println(clone.get(Data.string("alice"))); // waits for the snapshot: 1

                    CompletableFuture<StoreEvent> update = new CompletableFuture<>();
                    clone.onEvent(e -> {
                        if (e instanceof StoreEvent.Update) {
                            update.complete(e);
                        }
                    });
                    clone.increment(Data.string("alice"), Data.count(2)); // forwarded to the master
                    System.out.println(update.get(10, TimeUnit.SECONDS)); // Update[... oldValue=1, newValue=3 ...]
                    // --- docs/stores.md example ends
                    printed = update.get();
                    assertThat(master.get(Data.string("alice"))).isEqualTo(Data.count(3));
                }
            }
        }
        assertThat(printed).isInstanceOfSatisfying(StoreEvent.Update.class, u -> assertThat(u.newValue())
                .isEqualTo(Data.count(3)));
    }
}
