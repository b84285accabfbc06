package io.jbroker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.data.Data;
import io.jbroker.data.TimestampValue;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.zeek.Event;
import io.jbroker.zeek.TableChange;
import io.jbroker.zeek.TableChangeHeader;
import io.jbroker.zeek.TableChangeInfos;
import io.jbroker.zeek.TableChangeKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link ZeekTableView} on one endpoint fed by {@code Cluster::table_change_infos} events that a
 * second endpoint publishes on {@code zeek/table/...} over a real Broker peering on 127.0.0.1.
 */
class ZeekTableViewTest {
    private static final TimestampValue TS = Data.timestampNanos(1_700_000_000_000_000_000L);
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : resources) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T keep(T t) {
        resources.add(0, t);
        return t;
    }

    /** [viewer, publisher], peered; the publisher has seen the viewer's subscription to topic. */
    private Endpoint[] pair() {
        Endpoint viewer = Endpoint.create(EndpointConfig.builder().ioThreads(1).build());
        Endpoint publisher =
                Endpoint.create(EndpointConfig.builder().ioThreads(1).build());
        resources.add(viewer);
        resources.add(publisher);
        int port = viewer.listen("127.0.0.1", 0);
        publisher.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        return new Endpoint[] {viewer, publisher};
    }

    private static void awaitSubscription(Endpoint publisher, String topic) {
        Await.until("the viewer's subscription at the publisher", () -> publisher.peers().stream()
                .anyMatch(p -> p.topics().stream().anyMatch(t -> t.toString().startsWith(topic))));
    }

    private static Event batch(String id, TableChange... changes) {
        return new TableChangeInfos(new TableChangeHeader(id, TS, "worker-1"), List.of(changes)).toEvent();
    }

    private static TableChange change(TableChangeKind kind, String index, Data value) {
        return TableChange.of(kind, TS, List.of(Data.string(index)), value);
    }

    @Test
    void viewConvergesOverARealPeeringThroughEveryChangeKind() {
        Endpoint[] vp = pair();
        ZeekTableView view = keep(ZeekTableView.forTable(vp[0], "Known::hosts"));
        List<TableChangeKind> seen = new CopyOnWriteArrayList<>();
        view.onChange((h, c) -> {
            throw new IllegalStateException("a failing listener is contained");
        });
        view.onChange((h, c) -> seen.add(c.change()));
        awaitSubscription(vp[1], "zeek/table/Known::hosts/");

        String topic = TableChangeInfos.topic("Known::hosts");
        vp[1].publish(
                topic,
                batch(
                                "Known::hosts",
                                change(TableChangeKind.NEW, "a", Data.count(1)),
                                change(TableChangeKind.NEW, "b", Data.count(2)),
                                change(TableChangeKind.NEW, "c", Data.count(3)))
                        .toData());
        vp[1].publish(
                topic,
                batch(
                                "Known::hosts",
                                new TableChange(
                                        TableChangeKind.CHANGED,
                                        TS,
                                        List.of(Data.string("a")),
                                        Optional.of(Data.count(10)),
                                        Optional.of(Data.count(1))),
                                change(TableChangeKind.REMOVED, "b", Data.count(2)),
                                change(TableChangeKind.EXPIRED, "c", null))
                        .toData());
        vp[1].publish(topic, Data.string("not an event")); // counted, the view goes on
        vp[1].publish(
                topic, Event.of(TableChangeInfos.EVENT_NAME, Data.count(1)).toData());
        vp[1].publish(
                topic,
                batch("Other::table", change(TableChangeKind.NEW, "x", Data.count(9)))
                        .toData());
        vp[1].publish(
                topic,
                batch("Known::hosts", change(TableChangeKind.NEW, "d", null)).toData());

        Await.until("the view converged", () -> view.appliedCount() == 7);
        assertThat(view.snapshot())
                .isEqualTo(Map.of(
                        Data.vector(Data.string("a")), Data.count(10), Data.vector(Data.string("d")), Data.none()));
        assertThat(view.get(Data.string("a"))).contains(Data.count(10));
        assertThat(view.get(Data.string("b"))).isEmpty();
        assertThat(view.size()).isEqualTo(2);
        Await.until("malformed and ignored counted", () -> view.malformedCount() == 2 && view.ignoredCount() == 1);
        assertThat(view.lastProblem()).hasValueSatisfying(p -> assertThat(p).contains("BAD_ARGUMENTS"));
        assertThat(seen)
                .containsExactly(
                        TableChangeKind.NEW,
                        TableChangeKind.NEW,
                        TableChangeKind.NEW,
                        TableChangeKind.CHANGED,
                        TableChangeKind.REMOVED,
                        TableChangeKind.EXPIRED,
                        TableChangeKind.NEW);
        assertThat(view.listenerFailureCount()).isEqualTo(7);
    }

    @Test
    void aFullViewDropsNewIndexesAndCountsThemButKeepsUpdatingHeldOnes() {
        Endpoint[] vp = pair();
        ZeekTableView view = keep(ZeekTableView.open(vp[0], TableChangeInfos.TOPIC_PREFIX, null, 2));
        awaitSubscription(vp[1], "zeek/table/");

        vp[1].publish(
                "zeek/table/t/",
                batch(
                                "t",
                                change(TableChangeKind.NEW, "a", Data.count(1)),
                                change(TableChangeKind.NEW, "b", Data.count(2)),
                                change(TableChangeKind.NEW, "c", Data.count(3)),
                                change(TableChangeKind.CHANGED, "a", Data.count(4)),
                                change(TableChangeKind.REMOVED, "b", null),
                                change(TableChangeKind.NEW, "e", Data.count(5)))
                        .toData());

        Await.until("all changes processed", () -> view.appliedCount() + view.droppedCount() == 6);
        assertThat(view.droppedCount()).isEqualTo(1);
        assertThat(view.snapshot())
                .isEqualTo(Map.of(
                        Data.vector(Data.string("a")), Data.count(4), Data.vector(Data.string("e")), Data.count(5)));
    }
}
