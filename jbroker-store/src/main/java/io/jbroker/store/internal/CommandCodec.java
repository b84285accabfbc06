package io.jbroker.store.internal;

import io.jbroker.EndpointId;
import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.data.DataType;
import io.jbroker.data.DecodeException;
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
        o.u64(c.seq());
        o.entity(c.sender());
        o.entity(c.receiver());
        StoreCommand s = c.content();
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
        return o.toByteArray();
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
        In in = new In(b, offset, offset + length);
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

    private static final class In {
        private final byte[] b;
        private final int end;
        private int pos;

        In(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
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
            EndpointId id = EndpointId.fromBytes(b, pos);
            pos += 16;
            return new EntityId(id, u64());
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
                pos = p.end();
                return p.value();
            } catch (DecodeException e) {
                throw new CommandDecodeException("malformed data value: " + e.getMessage());
            }
        }
    }

    /**
     * A growable byte buffer without locks ({@code ByteArrayOutputStream} synchronizes every byte
     * written, which dominated the cost of encoding a command).
     */
    private static final class Out {
        private byte[] buf = new byte[128];
        private int size;

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

        private void write(int b) {
            u8(b);
        }

        void varbyte(long v) {
            while (v >= 0x80) {
                write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            write((int) v);
        }

        void entity(EntityId e) {
            room(16);
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
            byte[] b = BinaryFormat.encode(d);
            room(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }
    }
}
