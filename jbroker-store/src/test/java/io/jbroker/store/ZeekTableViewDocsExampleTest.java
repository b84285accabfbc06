package io.jbroker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.data.Data;
import io.jbroker.data.TimestampValue;
import io.jbroker.data.VectorValue;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.zeek.TableChange;
import io.jbroker.zeek.TableChangeHeader;
import io.jbroker.zeek.TableChangeInfos;
import io.jbroker.zeek.TableChangeKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The ZeekTableView example of docs/stores.md, as written there (between the marker comments). */
class ZeekTableViewDocsExampleTest {
    @Test
    void theDocumentedExampleWorks() throws Exception {
        Map<VectorValue, Data> seen;
        // --- docs/stores.md table example begins
        try (Endpoint zeek = Endpoint.create();
                Endpoint app = Endpoint.create()) {
            int port = app.listen("127.0.0.1", 0);
            try (ZeekTableView hosts = ZeekTableView.forTable(app, "Known::hosts")) {
                CountDownLatch applied = new CountDownLatch(1);
                hosts.onChange((header, change) -> {
                    System.out.println(change.change() + " " + change.index()); // NEW [10.0.0.1]
                    applied.countDown();
                });
                zeek.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));

                // what Zeek publishes after `Known::hosts[10.0.0.1] = 1;` (here: the second endpoint)
                TimestampValue now = TimestampValue.now();
                TableChangeInfos batch = new TableChangeInfos(
                        new TableChangeHeader("Known::hosts", now, "worker-1"),
                        List.of(TableChange.of(
                                TableChangeKind.NEW, now, List.of(Data.address("10.0.0.1")), Data.count(1))));
                zeek.publish(
                        TableChangeInfos.topic("Known::hosts"), batch.toEvent().toData());

                applied.await(10, TimeUnit.SECONDS);
                System.out.println(hosts.get(Data.address("10.0.0.1"))); // Optional[1]
                Map<VectorValue, Data> copy = hosts.snapshot(); // index vector -> value (nil for sets)
                // --- docs/stores.md table example ends
                seen = copy;
            }
        }
        assertThat(seen).isEqualTo(Map.of(Data.vector(Data.address("10.0.0.1")), Data.count(1)));
    }
}
