package io.jbroker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.store.internal.CommandCodec;
import io.jbroker.store.internal.InternalCommand;
import io.jbroker.store.internal.StoreCommand;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every command envelope of the captured Broker session decodes, and re-encodes to the same bytes. */
class CaptureCodecTest {
    @Test
    void everyCapturedCommandRoundTripsByteForByte() {
        Set<String> kinds = new TreeSet<>();
        int n = 0;
        for (List<Capture.Frame> side : List.of(Capture.c2s(), Capture.s2c())) {
            for (Capture.Frame f : side) {
                if (!f.isCommand()) {
                    continue;
                }
                InternalCommand c = CommandCodec.decode(f.payload());
                assertThat(HexFormat.of().formatHex(CommandCodec.encode(c)))
                        .as("frame %d %s", f.index(), f.kind())
                        .isEqualTo(HexFormat.of().formatHex(f.payload()));
                kinds.add(c.content().getClass().getSimpleName());
                n++;
            }
        }
        assertThat(n).isGreaterThan(250);
        assertThat(kinds)
                .contains(
                        "Put",
                        "PutUnique",
                        "PutUniqueResult",
                        "Erase",
                        "Expire",
                        "Add",
                        "Subtract",
                        "Clear",
                        "AttachWriter",
                        "Keepalive",
                        "CumulativeAck",
                        "Nack",
                        "AckClone");
    }

    /**
     * What a master relays: every captured command decoded as a master does, and sent as the
     * master sends its updates (a new header, the content as received where it is kept), gives
     * exactly the bytes that encoding the decoded command gives, which are the captured bytes.
     */
    @Test
    void capturedWritesRelayedAsReceivedAreTheirExactEncoding() {
        int relayed = 0;
        for (List<Capture.Frame> side : List.of(Capture.c2s(), Capture.s2c())) {
            for (Capture.Frame f : side) {
                if (!f.isCommand()) {
                    continue;
                }
                CommandCodec.Received r = CommandCodec.decodeForRelay(f.payload(), 0, f.payload().length);
                if (r.relayed() == null) {
                    continue;
                }
                relayed++;
                InternalCommand c = r.command();
                CommandCodec.Out out = new CommandCodec.Out();
                CommandCodec.encodeTo(out, c.seq(), c.sender(), c.receiver(), r.relayed());
                assertThat(HexFormat.of().formatHex(java.util.Arrays.copyOf(out.array(), out.size())))
                        .as("frame %d %s", f.index(), f.kind())
                        .isEqualTo(HexFormat.of().formatHex(f.payload()));
            }
        }
        assertThat(relayed).isGreaterThan(10);
    }

    @Test
    void theSnapshotOfTheCaptureHoldsThePreExistingKey() {
        Capture.Frame f = Capture.s2c().stream()
                .filter(x -> x.kind().contains("ack_clone"))
                .findFirst()
                .orElseThrow();
        InternalCommand c = CommandCodec.decode(f.payload());
        assertThat(c.seq()).isEqualTo(1);
        assertThat(c.sender()).isEqualTo(new EntityId(Capture.A, 7));
        assertThat(c.receiver()).isEqualTo(new EntityId(Capture.B, 9));
        StoreCommand.AckClone a = (StoreCommand.AckClone) c.content();
        assertThat(a.offset()).isEqualTo(1);
        assertThat(a.heartbeatInterval()).isEqualTo(5);
        assertThat(a.state()).hasSize(1);
    }
}
