package io.jbroker.zeek;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.data.Data;
import io.jbroker.data.TimestampValue;
import io.jbroker.zeek.TableChangeDecodeException.Problem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Decoding {@code Cluster::table_change_infos} events built with the shapes of Zeek's declarations
 * (init-bare.zeek: TableChangeHeader, TableChangeInfo; records as Broker vectors, unset optional
 * fields nil, the TableChange enum as enum values).
 */
class TableChangeInfosTest {
    private static final TimestampValue TS = Data.timestampNanos(1_700_000_000_000_000_000L);

    private static Data header() {
        return Data.vector(Data.string("Known::hosts"), TS, Data.string("worker-1"));
    }

    private static Event event(Data... infos) {
        return new Event(TableChangeInfos.EVENT_NAME, List.of(header(), Data.vector(infos)));
    }

    @Test
    void decodesEveryChangeKindWithOptionalFields() {
        Event e = event(
                Data.vector(
                        Data.enumValue("TABLE_ELEMENT_NEW"),
                        TS,
                        Data.vector(Data.address("10.0.0.1")),
                        Data.count(1),
                        Data.none()),
                Data.vector(
                        Data.enumValue("TABLE_ELEMENT_CHANGED"),
                        TS,
                        Data.vector(Data.address("10.0.0.1")),
                        Data.count(2),
                        Data.count(1)),
                Data.vector(
                        Data.enumValue("TABLE_ELEMENT_REMOVED"),
                        TS,
                        Data.vector(Data.address("10.0.0.1")),
                        Data.count(2),
                        Data.none()),
                Data.vector(
                        Data.enumValue("TABLE_ELEMENT_EXPIRED"),
                        TS,
                        Data.vector(Data.string("a"), Data.count(3)),
                        Data.none(),
                        Data.none()));

        TableChangeInfos infos = TableChangeInfos.decode(e);

        assertThat(infos.header()).isEqualTo(new TableChangeHeader("Known::hosts", TS, "worker-1"));
        assertThat(infos.changes())
                .extracting(TableChange::change)
                .containsExactly(
                        TableChangeKind.NEW, TableChangeKind.CHANGED, TableChangeKind.REMOVED, TableChangeKind.EXPIRED);
        assertThat(infos.changes().get(0).value()).contains(Data.count(1));
        assertThat(infos.changes().get(0).previousValue()).isEmpty();
        assertThat(infos.changes().get(1).previousValue()).contains(Data.count(1));
        assertThat(infos.changes().get(3).index()).containsExactly(Data.string("a"), Data.count(3));
        assertThat(infos.changes().get(3).value()).isEmpty();
        assertThat(infos.toEvent()).as("re-encodes to the same event").isEqualTo(e);
    }

    @Test
    void acceptsRecordsWithoutTrailingOptionalFields() {
        Event e = event(Data.vector(Data.enumValue("TABLE_ELEMENT_NEW"), TS, Data.vector(Data.string("k"))));
        TableChange c = TableChangeInfos.decode(e).changes().get(0);
        assertThat(c.value()).isEqualTo(Optional.empty());
        assertThat(c.indexData().asList()).containsExactly(Data.string("k"));
    }

    @Test
    void roundTripsThroughTheWireEncoding() {
        TableChangeInfos infos = new TableChangeInfos(
                new TableChangeHeader("t", TS, "n"),
                List.of(TableChange.of(TableChangeKind.NEW, TS, List.of(Data.count(7)), Data.string("v"))));
        Event back = Event.parse(infos.toEvent().toData());
        assertThat(TableChangeInfos.decode(back)).isEqualTo(infos);
        assertThat(TableChangeInfos.topic("Known::hosts")).isEqualTo("zeek/table/Known::hosts/");
    }

    @Test
    void badShapesAreTypedErrors() {
        assertProblem(Event.of("other", header(), Data.vector()), Problem.WRONG_EVENT);
        assertProblem(Event.of(TableChangeInfos.EVENT_NAME, header()), Problem.BAD_ARGUMENTS);
        assertProblem(Event.of(TableChangeInfos.EVENT_NAME, header(), Data.count(1)), Problem.BAD_ARGUMENTS);
        assertProblem(
                Event.of(TableChangeInfos.EVENT_NAME, Data.vector(Data.string("id"), TS), Data.vector()),
                Problem.BAD_HEADER);
        assertProblem(
                Event.of(
                        TableChangeInfos.EVENT_NAME,
                        Data.vector(Data.string("id"), Data.count(1), Data.string("n")),
                        Data.vector()),
                Problem.BAD_HEADER);
        assertProblem(event(Data.count(1)), Problem.BAD_CHANGE);
        assertProblem(event(Data.vector(Data.enumValue("TABLE_ELEMENT_NEW"), TS)), Problem.BAD_CHANGE);
        assertProblem(event(Data.vector(Data.string("TABLE_ELEMENT_NEW"), TS, Data.vector())), Problem.BAD_CHANGE);
        assertProblem(event(Data.vector(Data.enumValue("TABLE_ELEMENT_GONE"), TS, Data.vector())), Problem.BAD_CHANGE);
        assertProblem(
                event(Data.vector(Data.enumValue("TABLE_ELEMENT_NEW"), Data.count(1), Data.vector())),
                Problem.BAD_CHANGE);
        assertProblem(
                event(Data.vector(Data.enumValue("TABLE_ELEMENT_NEW"), TS, Data.string("k"))), Problem.BAD_CHANGE);
    }

    private static void assertProblem(Event e, Problem problem) {
        assertThatThrownBy(() -> TableChangeInfos.decode(e))
                .isInstanceOfSatisfying(TableChangeDecodeException.class, x -> assertThat(x.problem())
                        .isEqualTo(problem));
    }
}
