package io.jbroker.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.data.CountValue;
import io.jbroker.data.Data;
import io.jbroker.data.DataType;
import io.jbroker.data.StringValue;
import io.jbroker.store.EntityId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The internal_command encoding against stores.md §9's vectors, and its bad-input rules. */
class CommandCodecTest {
    static final EntityId J = new EntityId(EndpointId.parse("01010101-0101-5101-8101-010101010101"), 7);
    static final EntityId B = new EntityId(EndpointId.parse("02020202-0202-5202-8202-020202020202"), 42);

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static String clean(String s) {
        return s.replace(" ", "").replace("\n", "");
    }

    @Test
    void joinRequest() {
        byte[] b = CommandCodec.encode(new InternalCommand(0, J, EntityId.NIL, new StoreCommand.Nack(List.of(0L))));
        assertThat(hex(b))
                .isEqualTo(clean("0000000000000000 0101010101015101810101010101010100000000000000 07"
                        + "000000000000000000000000000000000000000000000000 0b01 0000000000000000"));
    }

    @Test
    void ackCloneWithSnapshot() {
        Map<Data, Data> state = new LinkedHashMap<>();
        state.put(StringValue.of("k"), CountValue.of(1));
        byte[] b = CommandCodec.encode(new InternalCommand(1, B, J, new StoreCommand.AckClone(1, 5, state)));
        assertThat(hex(b))
                .isEqualTo(clean("0000000000000001 020202020202520282020202020202020000000000000 02a"
                        + "0101010101015101810101010101010100000000000000 07"
                        + "0c 0000000000000001 0005 01 05016b 020000000000000001"));
        assertThat(CommandCodec.decode(b).content()).isEqualTo(new StoreCommand.AckClone(1, 5, state));
    }

    @Test
    void writerPutAndExpiry() {
        byte[] b = CommandCodec.encode(new InternalCommand(
                2, J, B, new StoreCommand.Put(StringValue.of("k"), CountValue.of(2), OptionalLong.empty(), J)));
        assertThat(hex(b))
                .endsWith(clean("00 05016b 020000000000000002 00 0101010101015101810101010101010100000000000000 07"));
        byte[] e = CommandCodec.encode(new InternalCommand(
                2,
                J,
                B,
                new StoreCommand.Put(StringValue.of("k"), CountValue.of(2), OptionalLong.of(1_000_000_000L), J)));
        assertThat(hex(e)).contains(clean("01 000000003b9aca00"));
    }

    @Test
    void everyCommandRoundTrips() {
        Data k = StringValue.of("key");
        List<StoreCommand> all = List.of(
                new StoreCommand.Put(k, CountValue.of(1), OptionalLong.of(5), J),
                new StoreCommand.PutUnique(k, CountValue.of(1), OptionalLong.empty(), J, 99, B),
                new StoreCommand.PutUniqueResult(true, J, 3, B),
                new StoreCommand.Erase(k, J),
                new StoreCommand.Expire(k, B),
                new StoreCommand.Add(k, CountValue.of(1), DataType.COUNT, OptionalLong.empty(), J),
                new StoreCommand.Subtract(k, CountValue.of(1), OptionalLong.of(7), J),
                new StoreCommand.Clear(J),
                new StoreCommand.AttachWriter(1, 5),
                new StoreCommand.Keepalive(9),
                new StoreCommand.CumulativeAck(4),
                new StoreCommand.Nack(List.of(3L, 4L, 200L)),
                new StoreCommand.AckClone(1, 5, Map.of(k, CountValue.of(2))),
                new StoreCommand.RetransmitFailed(12));
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).index()).isEqualTo(i);
            InternalCommand c = new InternalCommand(i, J, B, all.get(i));
            assertThat(CommandCodec.decode(CommandCodec.encode(c))).isEqualTo(c);
        }
    }

    @Test
    void trailingBytesAreIgnoredLikeBroker() {
        byte[] b = CommandCodec.encode(new InternalCommand(0, J, B, new StoreCommand.Keepalive(3)));
        byte[] longer = java.util.Arrays.copyOf(b, b.length + 3);
        assertThat(CommandCodec.decode(longer).content()).isEqualTo(new StoreCommand.Keepalive(3));
    }

    @Test
    void unknownIndexTruncationAndOverlongCountsAreTypedErrors() {
        byte[] b = CommandCodec.encode(new InternalCommand(0, J, B, new StoreCommand.Keepalive(3)));
        byte[] unknown = b.clone();
        unknown[56] = 14;
        assertThatThrownBy(() -> CommandCodec.decode(unknown))
                .isInstanceOf(CommandDecodeException.class)
                .hasMessageContaining("unknown internal_command content index 14")
                .extracting(e -> ((CommandDecodeException) e).code())
                .isEqualTo(ErrorCode.INVALID_MESSAGE);
        for (int len = 0; len < b.length; len++) {
            int n = len;
            assertThatThrownBy(() -> CommandCodec.decode(b, 0, n)).isInstanceOf(CommandDecodeException.class);
        }
        // nack claiming 2^28 sequence numbers in 1 byte of rest
        byte[] nack = CommandCodec.encode(new InternalCommand(0, J, B, new StoreCommand.Nack(List.of())));
        byte[] huge = java.util.Arrays.copyOf(nack, nack.length + 4);
        System.arraycopy(
                new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01}, 0, huge, nack.length - 1, 5);
        assertThatThrownBy(() -> CommandCodec.decode(huge))
                .isInstanceOf(CommandDecodeException.class)
                .hasMessageContaining("claims");
        // snapshot with a duplicate key
        byte[] dup = CommandCodec.encode(new InternalCommand(0, J, B, new StoreCommand.AckClone(1, 5, Map.of())));
        byte[] entry = io.jbroker.data.BinaryFormat.encode(StringValue.of("k"));
        byte[] two = java.util.Arrays.copyOf(dup, dup.length + 4 * entry.length);
        two[dup.length - 1] = 2;
        for (int i = 0; i < 4; i++) {
            System.arraycopy(entry, 0, two, dup.length + i * entry.length, entry.length);
        }
        assertThatThrownBy(() -> CommandCodec.decode(two))
                .isInstanceOf(CommandDecodeException.class)
                .hasMessageContaining("twice");
        // a malformed data value
        byte[] put = CommandCodec.encode(new InternalCommand(
                0, J, B, new StoreCommand.Put(StringValue.of("k"), CountValue.of(1), OptionalLong.empty(), J)));
        byte[] bad = put.clone();
        bad[57] = 0x55;
        assertThatThrownBy(() -> CommandCodec.decode(bad)).isInstanceOf(CommandDecodeException.class);
    }

    @Test
    void initTypesAbove14DecodeAsNone() {
        byte[] b = CommandCodec.encode(new InternalCommand(
                0,
                J,
                B,
                new StoreCommand.Add(StringValue.of("k"), CountValue.of(1), DataType.COUNT, OptionalLong.empty(), J)));
        int at = 57 + 3 + 9; // index byte, "k", count
        assertThat(b[at]).isEqualTo((byte) 2);
        b[at] = 99;
        assertThat(((StoreCommand.Add) CommandCodec.decode(b).content()).initType())
                .isEqualTo(DataType.NONE);
    }

    /** A put with {@code key} and {@code value} given as raw bin v1 hex, from J to B. */
    private static byte[] rawPut(String keyHex, String valueHex) {
        byte[] header = java.util.Arrays.copyOf(
                CommandCodec.encode(new InternalCommand(
                        3, J, B, new StoreCommand.Put(CountValue.of(0), CountValue.of(0), OptionalLong.empty(), J))),
                57);
        byte[] key = HexFormat.of().parseHex(keyHex);
        byte[] value = HexFormat.of().parseHex(valueHex);
        byte[] tail = HexFormat.of().parseHex("00" + "0101010101015101810101010101010100000000000000" + "07");
        byte[] b = new byte[header.length + key.length + value.length + tail.length];
        System.arraycopy(header, 0, b, 0, header.length);
        System.arraycopy(key, 0, b, header.length, key.length);
        System.arraycopy(value, 0, b, header.length + key.length, value.length);
        System.arraycopy(tail, 0, b, header.length + key.length + value.length, tail.length);
        return b;
    }

    private static String relayedHex(CommandCodec.Received r) {
        InternalCommand c = r.command();
        CommandCodec.Out out = new CommandCodec.Out();
        CommandCodec.encodeTo(
                out,
                c.seq(),
                c.sender(),
                c.receiver(),
                r.relayed() != null ? r.relayed() : EncodedContent.of(c.content()));
        return hex(java.util.Arrays.copyOf(out.array(), out.size()));
    }

    @Test
    void aMasterRelaysOnlyContentThatReencodesExactly() {
        // canonical: string "k" -> count 1, relayed as received
        byte[] canonical = rawPut("05016b", "020000000000000001");
        CommandCodec.Received r = CommandCodec.decodeForRelay(canonical, 0, canonical.length);
        assertThat(r.relayed()).isNotNull();
        assertThat(relayedHex(r)).isEqualTo(hex(canonical)).isEqualTo(hex(CommandCodec.encode(r.command())));
        // a vector of count, string, timespan, enum: relayed too
        byte[] vector = rawPut("0e03" + "020000000000000001" + "05016b" + "0a0000000000000005" + "0b0161", "00");
        assertThat(CommandCodec.decodeForRelay(vector, 0, vector.length).relayed())
                .isNotNull();
        // non-minimal varbyte length (1 as 81 00), boolean byte 2, unsorted set {2, 1}, a real:
        // decoded, then encoded as Broker would, never passed on as received
        for (String[] kv : new String[][] {
            {"0581006b", "020000000000000001"},
            {"05016b", "0102"},
            {"05016b", "0c02" + "020000000000000002" + "020000000000000001"},
            {"05016b", "043ff0000000000000"}
        }) {
            byte[] b = rawPut(kv[0], kv[1]);
            CommandCodec.Received nc = CommandCodec.decodeForRelay(b, 0, b.length);
            assertThat(nc.relayed()).as(kv[0] + " " + kv[1]).isNull();
            assertThat(relayedHex(nc)).isEqualTo(hex(CommandCodec.encode(nc.command())));
        }
        assertThat(relayedHex(
                        CommandCodec.decodeForRelay(rawPut("0581006b", "020000000000000001"), 0, canonical.length + 1)))
                .isEqualTo(hex(canonical));
        // an add becomes a put at the master: never relayed
        byte[] add = CommandCodec.encode(new InternalCommand(
                0,
                J,
                B,
                new StoreCommand.Add(StringValue.of("k"), CountValue.of(1), DataType.COUNT, OptionalLong.empty(), J)));
        assertThat(CommandCodec.decodeForRelay(add, 0, add.length).relayed()).isNull();
    }

    @Test
    void decodedEntitiesAreEqualToFreshOnes() {
        byte[] b = rawPut("05016b", "020000000000000001");
        InternalCommand first = CommandCodec.decode(b);
        InternalCommand again = CommandCodec.decode(b);
        assertThat(again).isEqualTo(first);
        assertThat(again.sender()).isEqualTo(J).isSameAs(first.sender());
        assertThat(again.receiver()).isEqualTo(B);
        assertThat(((StoreCommand.Put) again.content()).publisher()).isEqualTo(J);
    }
}
