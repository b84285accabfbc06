package io.jbroker.internal.wire;

import io.jbroker.Topic;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * A subscription filter: topic prefixes a message's topic is matched against by byte prefix.
 * Filters an endpoint announces are kept as Broker keeps them: sorted, minimal (no entry covered
 * by another) and never containing {@code <$>/local/} topics. Filters received from peers are kept
 * exactly as sent. Immutable.
 */
public final class Filter {
    /** The empty filter (matches nothing). */
    public static final Filter EMPTY = new Filter(List.of());

    private final List<Topic> prefixes;
    /** The last topic matched and the answer: topics repeat, mostly as the same object. Racy by design. */
    private Memo memo;

    private record Memo(Topic topic, boolean matches) {}

    private Filter(List<Topic> prefixes) {
        this.prefixes = prefixes;
    }

    /** A normalized filter holding {@code topics}. */
    public static Filter of(Collection<Topic> topics) {
        Filter f = EMPTY;
        for (Topic t : topics) {
            f = f.extend(t);
        }
        return f;
    }

    /** A filter exactly as a peer sent it. */
    public static Filter received(List<Topic> prefixes) {
        return new Filter(List.copyOf(prefixes));
    }

    /**
     * This filter plus {@code topic} with Broker's rules: local topics and topics already covered
     * are ignored; entries the new prefix covers are removed.
     */
    public Filter extend(Topic topic) {
        if (topic.isLocal()) {
            return this;
        }
        for (Topic p : prefixes) {
            if (topic.startsWith(p)) {
                return this;
            }
        }
        List<Topic> next = new ArrayList<>(prefixes.size() + 1);
        for (Topic p : prefixes) {
            if (!p.startsWith(topic)) {
                next.add(p);
            }
        }
        next.add(topic);
        Collections.sort(next);
        return new Filter(Collections.unmodifiableList(next));
    }

    /** Whether any prefix is a byte prefix of {@code topic}. */
    public boolean matches(Topic topic) {
        Memo m = memo;
        if (m != null && m.topic == topic) {
            return m.matches;
        }
        boolean result = false;
        for (int i = 0, n = prefixes.size(); i < n && !result; i++) {
            result = topic.startsWith(prefixes.get(i));
        }
        memo = new Memo(topic, result);
        return result;
    }

    public List<Topic> prefixes() {
        return prefixes;
    }

    public boolean isEmpty() {
        return prefixes.isEmpty();
    }

    /** Writes {@code varbyte N, N x (varbyte length, bytes)}. */
    public void encode(ByteBuf out) {
        Varbyte.write(out, prefixes.size());
        for (Topic t : prefixes) {
            byte[] b = t.bytes();
            Varbyte.write(out, b.length);
            out.writeBytes(b);
        }
    }

    public int encodedSize() {
        int n = Varbyte.size(prefixes.size());
        for (Topic t : prefixes) {
            n += Varbyte.size(t.length()) + t.length();
        }
        return n;
    }

    /** Parses a routing_update payload; returns {@code null} if malformed. */
    public static Filter parse(byte[] payload, int offset, int length) {
        ByteBuf in = io.netty.buffer.Unpooled.wrappedBuffer(payload, offset, length);
        try {
            Filter f = decode(in);
            return f != null && !in.isReadable() ? f : null;
        } finally {
            in.release();
        }
    }

    /** The payload of a routing_update announcing this filter. */
    public byte[] toPayload() {
        ByteBuf out = io.netty.buffer.Unpooled.buffer(encodedSize());
        try {
            encode(out);
            byte[] b = new byte[out.readableBytes()];
            out.readBytes(b);
            return b;
        } finally {
            out.release();
        }
    }

    /** Reads a filter as sent; returns {@code null} if malformed. */
    static Filter decode(ByteBuf in) {
        int n = Varbyte.readBounded(in);
        if (n < 0) {
            return null;
        }
        List<Topic> topics = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            int len = Varbyte.readBounded(in);
            if (len < 0) {
                return null;
            }
            byte[] b = new byte[len];
            in.readBytes(b);
            topics.add(Topic.ofBytes(b));
        }
        return new Filter(Collections.unmodifiableList(topics));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Filter && ((Filter) o).prefixes.equals(prefixes);
    }

    @Override
    public int hashCode() {
        return prefixes.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < prefixes.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(new String(prefixes.get(i).bytes(), StandardCharsets.UTF_8));
        }
        return sb.append(']').toString();
    }
}
