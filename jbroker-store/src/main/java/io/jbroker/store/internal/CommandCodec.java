package io.jbroker.store.internal;

import io.jbroker.EndpointId;
import io.jbroker.data.AddressValue;
import io.jbroker.data.BinaryFormat;
import io.jbroker.data.CountValue;
import io.jbroker.data.Data;
import io.jbroker.data.DataType;
import io.jbroker.data.DecodeException;
import io.jbroker.data.EnumValue;
import io.jbroker.data.IntegerValue;
import io.jbroker.data.NoneValue;
import io.jbroker.data.PortValue;
import io.jbroker.data.StringValue;
import io.jbroker.data.TimespanValue;
import io.jbroker.data.TimestampValue;
import io.jbroker.data.VectorValue;
import io.jbroker.store.EntityId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Encodes and decodes {@code internal_command} payloads of command envelopes exactly as Broker does
 * (stores.md §6). Decoding is strict and bounded: every count is checked against the bytes that
 * remain before anything is allocated; trailing bytes after the content are ignored, like Broker.
 * Thread-safe (stateless).
 */
public final class CommandCodec {
    /** Content indices 0..13 exist; anything above is invalid. */
    public static final int MAX_INDEX = 13;

    private static final int HEADER = 8 + 24 + 24 + 1;

    private CommandCodec() {}

    // ------------------------------------------------------------------ encoding

    public static byte[] encode(InternalCommand c) {
        Out o = new Out();
        encodeTo(o, c);
        return o.toByteArray();
    }

    /** Appends the encoding of {@code c} to {@code o}. */
    public static void encodeTo(Out o, InternalCommand c) {
        header(o, c.seq(), c.sender(), c.receiver());
        encodeContent(o, c.content());
    }

    /** Appends a command whose content may already be encoded. */
    public static void encodeTo(Out o, long seq, EntityId sender, EntityId receiver, EncodedContent content) {
        header(o, seq, sender, receiver);
        content.writeTo(o);
    }

    /** Appends a command's header: sequence number, sender and receiver. */
    static void header(Out o, long seq, EntityId sender, EntityId receiver) {
        o.u64(seq);
        o.entity(sender);
        o.entity(receiver);
    }

    /** Appends a command's content: its index byte and its fields. */
    static void encodeContent(Out o, StoreCommand s) {
        o.u8(s.index());
        if (s instanceof StoreCommand.Put p) {
            o.data(p.key());
            o.data(p.value());
            o.expiry(p.expiry());
            o.entity(p.publisher());
        } else if (s instanceof StoreCommand.PutUnique p) {
            o.data(p.key());
            o.data(p.value());
            o.expiry(p.expiry());
            o.entity(p.who());
            o.u64(p.reqId());
            o.entity(p.publisher());
        } else if (s instanceof StoreCommand.PutUniqueResult p) {
            o.u8(p.inserted() ? 1 : 0);
            o.entity(p.who());
            o.u64(p.reqId());
            o.entity(p.publisher());
        } else if (s instanceof StoreCommand.Erase p) {
            o.data(p.key());
            o.entity(p.publisher());
        } else if (s instanceof StoreCommand.Expire p) {
            o.data(p.key());
            o.entity(p.publisher());
        } else if (s instanceof StoreCommand.Add p) {
            o.data(p.key());
            o.data(p.value());
            o.u8(p.initType().tag());
            o.expiry(p.expiry());
            o.entity(p.publisher());
        } else if (s instanceof StoreCommand.Subtract p) {
            o.data(p.key());
            o.data(p.value());
            o.expiry(p.expiry());
            o.entity(p.publisher());
        } else if (s instanceof StoreCommand.Clear p) {
            o.entity(p.publisher());
        } else if (s instanceof StoreCommand.AttachWriter p) {
            o.u64(p.offset());
            o.u16(p.heartbeatInterval());
        } else if (s instanceof StoreCommand.Keepalive p) {
            o.u64(p.seq());
        } else if (s instanceof StoreCommand.CumulativeAck p) {
            o.u64(p.seq());
        } else if (s instanceof StoreCommand.Nack p) {
            o.varbyte(p.seqs().size());
            for (long q : p.seqs()) {
                o.u64(q);
            }
        } else if (s instanceof StoreCommand.AckClone p) {
            o.u64(p.offset());
            o.u16(p.heartbeatInterval());
            o.varbyte(p.state().size());
            for (Map.Entry<Data, Data> e : p.state().entrySet()) {
                o.data(e.getKey());
                o.data(e.getValue());
            }
        } else if (s instanceof StoreCommand.RetransmitFailed p) {
            o.u64(p.seq());
        }
    }

    // ------------------------------------------------------------------ decoding

    /**
     * Decodes a command envelope payload.
     *
     * @throws CommandDecodeException if it is not a valid {@code internal_command}
     */
    public static InternalCommand decode(byte[] b) {
        return decode(b, 0, b.length);
    }

    public static InternalCommand decode(byte[] b, int offset, int length) {
        return decode(new In(b, offset, offset + length, ENTITIES.get(), false), length);
    }

    /**
     * A received command, decoded, and for a put, erase or clear whose content a master passes on
     * unchanged to its clones, that content as received ({@code relayed}, else null): it is relayed
     * without encoding again only where encoding the decoded command gives exactly the received bytes
     * (keys and values of types with one encoding, varbyte lengths minimal), so the clones get
     * what Broker, which decodes and encodes, would send them.
     */
    public record Received(InternalCommand command, EncodedContent relayed) {}

    /**
     * Decodes a received payload for a master (see {@link Received}); {@code b} must not be modified
     * afterwards when the result keeps its bytes.
     *
     * @throws CommandDecodeException if it is not a valid {@code internal_command}
     */
    public static Received decodeForRelay(byte[] b, int offset, int length) {
        In in = new In(b, offset, offset + length, ENTITIES.get(), true);
        InternalCommand c = decode(in, length);
        int index = c.content().index();
        boolean sameContent = index == 0 || index == 3 || index == 7; // put, erase, clear
        if (!sameContent || !in.exact) {
            return new Received(c, null);
        }
        int contentStart = offset + HEADER - 1;
        return new Received(c, EncodedContent.received(c.content(), b, contentStart, in.pos - contentStart));
    }

    private static InternalCommand decode(In in, int length) {
        if (length < HEADER) {
            throw new CommandDecodeException(
                    "internal_command truncated: " + length + " bytes, header needs " + HEADER);
        }
        long seq = in.u64();
        EntityId sender = in.entity();
        EntityId receiver = in.entity();
        int index = in.u8();
        StoreCommand content =
                switch (index) {
                    case 0 -> new StoreCommand.Put(in.data(), in.data(), in.expiry(), in.entity());
                    case 1 ->
                        new StoreCommand.PutUnique(
                                in.data(), in.data(), in.expiry(), in.entity(), in.u64(), in.entity());
                    case 2 -> new StoreCommand.PutUniqueResult(in.u8() != 0, in.entity(), in.u64(), in.entity());
                    case 3 -> new StoreCommand.Erase(in.data(), in.entity());
                    case 4 -> new StoreCommand.Expire(in.data(), in.entity());
                    case 5 -> new StoreCommand.Add(in.data(), in.data(), initType(in.u8()), in.expiry(), in.entity());
                    case 6 -> new StoreCommand.Subtract(in.data(), in.data(), in.expiry(), in.entity());
                    case 7 -> new StoreCommand.Clear(in.entity());
                    case 8 -> new StoreCommand.AttachWriter(in.u64(), in.u16());
                    case 9 -> new StoreCommand.Keepalive(in.u64());
                    case 10 -> new StoreCommand.CumulativeAck(in.u64());
                    case 11 -> nack(in);
                    case 12 -> ackClone(in);
                    case 13 -> new StoreCommand.RetransmitFailed(in.u64());
                    default -> throw new CommandDecodeException("unknown internal_command content index " + index);
                };
        return new InternalCommand(seq, sender, receiver, content);
    }

    /** Broker's decoder leaves values above 14 at the default (none). */
    private static DataType initType(int tag) {
        DataType t = DataType.fromTag(tag);
        return t == null ? DataType.NONE : t;
    }

    private static StoreCommand.Nack nack(In in) {
        long n = in.varbyte();
        if (n > in.remaining() / 8) {
            throw new CommandDecodeException(
                    "nack claims " + n + " sequence numbers, " + in.remaining() + " bytes left");
        }
        List<Long> seqs = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            seqs.add(in.u64());
        }
        return new StoreCommand.Nack(seqs);
    }

    private static StoreCommand.AckClone ackClone(In in) {
        long offset = in.u64();
        int hb = in.u16();
        long n = in.varbyte();
        if (n > in.remaining() / 2) {
            throw new CommandDecodeException("ack_clone claims " + n + " entries, " + in.remaining() + " bytes left");
        }
        Map<Data, Data> state = new LinkedHashMap<>();
        for (long i = 0; i < n; i++) {
            Data k = in.data();
            Data v = in.data();
            if (state.putIfAbsent(k, v) != null) {
                throw new CommandDecodeException("ack_clone snapshot has the key " + k + " twice");
            }
        }
        return new StoreCommand.AckClone(offset, hb, state);
    }

    /** The last entities decoded on this thread: commands mostly repeat the same few (no allocation then). */
    private static final ThreadLocal<Entities> ENTITIES = ThreadLocal.withInitial(Entities::new);

    private static final class Entities {
        private final EntityId[] slots = new EntityId[4];
        private int next;

        EntityId get(long high, long low, long object) {
            for (EntityId e : slots) {
                if (e != null
                        && e.object() == object
                        && e.endpoint().high() == high
                        && e.endpoint().low() == low) {
                    return e;
                }
            }
            EntityId e = new EntityId(EndpointId.of(high, low), object);
            slots[next] = e;
            next = (next + 1) & 3;
            return e;
        }
    }

    /**
     * Whether encoding {@code d} gives back the bytes it was decoded from, given that their length
     * is the encoded size: true for types with exactly one encoding apart from varbyte lengths
     * (which the size shows); false for booleans (any non-zero byte is true), reals (CAF's packing),
     * subnets, and sets and tables (the decoder sorts them).
     */
    private static boolean reencodesExactly(Data d) {
        if (d instanceof CountValue
                || d instanceof IntegerValue
                || d instanceof StringValue
                || d instanceof TimestampValue
                || d instanceof TimespanValue
                || d instanceof NoneValue
                || d instanceof EnumValue
                || d instanceof AddressValue
                || d instanceof PortValue) {
            return true;
        }
        if (d instanceof VectorValue v) {
            for (Data x : v.asList()) {
                if (!reencodesExactly(x)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static final class In {
        private final byte[] b;
        private final int end;
        private final Entities entities;
        private final boolean checkExact;
        private int pos;
        /** With checkExact: whether every value read so far re-encodes to its bytes. */
        boolean exact = true;

        In(byte[] b, int pos, int end, Entities entities, boolean checkExact) {
            this.b = b;
            this.pos = pos;
            this.end = end;
            this.entities = entities;
            this.checkExact = checkExact;
        }

        int remaining() {
            return end - pos;
        }

        private void need(int n) {
            if (end - pos < n) {
                throw new CommandDecodeException(
                        "internal_command truncated at byte " + pos + ": need " + n + ", have " + (end - pos));
            }
        }

        int u8() {
            need(1);
            return b[pos++] & 0xFF;
        }

        int u16() {
            need(2);
            int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        long u64() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (b[pos + i] & 0xFF);
            }
            pos += 8;
            return v;
        }

        long varbyte() {
            long v = 0;
            for (int i = 0; i < 5; i++) {
                int x = u8();
                v |= (long) (x & 0x7F) << (7 * i);
                if ((x & 0x80) == 0) {
                    if (v >= 1L << 32) {
                        break;
                    }
                    return v;
                }
            }
            throw new CommandDecodeException("varbyte count longer than 32 bits at byte " + pos);
        }

        EntityId entity() {
            need(24);
            long high = u64();
            long low = u64();
            return entities.get(high, low, u64());
        }

        OptionalLong expiry() {
            int flag = u8();
            if (flag == 0) {
                return OptionalLong.empty();
            }
            if (flag != 1) {
                throw new CommandDecodeException("optional<timespan> flag " + flag + " is neither 0 nor 1");
            }
            return OptionalLong.of(u64());
        }

        Data data() {
            need(1);
            try {
                BinaryFormat.Prefix p = BinaryFormat.decodePrefix(b, pos, end - pos);
                Data d = p.value();
                if (checkExact && exact && !(reencodesExactly(d) && BinaryFormat.encodedSize(d) == p.end() - pos)) {
                    exact = false;
                }
                pos = p.end();
                return d;
            } catch (DecodeException e) {
                throw new CommandDecodeException("malformed data value: " + e.getMessage());
            }
        }
    }

    /**
     * A growable byte buffer without locks ({@code ByteArrayOutputStream} synchronizes every byte
     * written, which dominated the cost of encoding a command), reusable: a store thread keeps one and
     * encodes every command it sends into it ({@link #reset}), so sending costs no allocation but the
     * envelope's frame. Not thread-safe.
     */
    public static final class Out {
        private static final int RETAINED = 1 << 16;
        private byte[] buf = new byte[128];
        private int size;

        /** Empties the buffer (and lets go of a big one a snapshot left). */
        public void reset() {
            size = 0;
            if (buf.length > RETAINED) {
                buf = new byte[128];
            }
        }

        /** The buffer; its first {@link #size} bytes are what was written. */
        public byte[] array() {
            return buf;
        }

        public int size() {
            return size;
        }

        private void room(int n) {
            if (size + n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
            }
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(buf, size);
        }

        void u8(int v) {
            room(1);
            buf[size++] = (byte) v;
        }

        void u16(int v) {
            room(2);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
        }

        void u64(long v) {
            room(8);
            for (int i = 56; i >= 0; i -= 8) {
                buf[size++] = (byte) (v >>> i);
            }
        }

        void bytes(byte[] b, int offset, int length) {
            room(length);
            System.arraycopy(b, offset, buf, size, length);
            size += length;
        }

        void varbyte(long v) {
            while (v >= 0x80) {
                u8((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            u8((int) v);
        }

        void entity(EntityId e) {
            room(24);
            e.endpoint().writeTo(buf, size);
            size += 16;
            u64(e.object());
        }

        void expiry(OptionalLong e) {
            if (e.isPresent()) {
                u8(1);
                u64(e.getAsLong());
            } else {
                u8(0);
            }
        }

        void data(Data d) {
            room(BinaryFormat.encodedSize(d));
            size = BinaryFormat.encode(d, buf, size);
        }
    }
}
