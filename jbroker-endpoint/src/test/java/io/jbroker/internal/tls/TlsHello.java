package io.jbroker.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-side reader of the plaintext TLS handshake messages at the start of a byte stream (RFC 5246
 * §7.4, RFC 8446 §4.1): ClientHello, ServerHello and the named curve of an ECDH ServerKeyExchange.
 */
final class TlsHello {
    static final int SUPPORTED_GROUPS = 0x000a;
    static final int SUPPORTED_VERSIONS = 0x002b;

    /** One handshake message: its type and body. */
    record Message(int type, byte[] body) {}

    /** The fields of a ClientHello or ServerHello that matter here. */
    record Hello(int legacyVersion, List<Integer> cipherSuites, Map<Integer, byte[]> extensions) {
        List<Integer> u16List(int extension, int lengthBytes) {
            byte[] data = extensions.get(extension);
            List<Integer> out = new ArrayList<>();
            if (data == null) {
                return out;
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            int len = lengthBytes == 2 ? b.getShort() & 0xffff : b.get() & 0xff;
            for (int i = 0; i < len / 2; i++) {
                out.add(b.getShort() & 0xffff);
            }
            return out;
        }

        List<Integer> supportedGroups() {
            return u16List(SUPPORTED_GROUPS, 2);
        }

        /** Versions offered in supported_versions (ClientHello form: u8 length, then u16s). */
        List<Integer> supportedVersions() {
            return u16List(SUPPORTED_VERSIONS, 1);
        }
    }

    private TlsHello() {}

    static byte[] resource(String name) {
        try (InputStream in = TlsHello.class.getResourceAsStream("/interop/broker-2.8/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("\\s", "");
            return HexFormat.of().parseHex(hex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The handshake messages in the leading handshake records (content type 22) of {@code stream}. */
    static List<Message> handshakeMessages(byte[] stream) {
        ByteBuffer records = ByteBuffer.wrap(stream);
        java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
        while (records.remaining() >= 5 && records.get(records.position()) == 22) {
            records.get();
            records.getShort();
            int len = records.getShort() & 0xffff;
            byte[] fragment = new byte[len];
            records.get(fragment);
            payload.writeBytes(fragment);
        }
        ByteBuffer b = ByteBuffer.wrap(payload.toByteArray());
        List<Message> out = new ArrayList<>();
        while (b.remaining() >= 4) {
            int type = b.get() & 0xff;
            int len = ((b.get() & 0xff) << 16) | ((b.get() & 0xff) << 8) | (b.get() & 0xff);
            byte[] body = new byte[len];
            b.get(body);
            out.add(new Message(type, body));
        }
        return out;
    }

    static Hello clientHello(byte[] body) {
        ByteBuffer b = ByteBuffer.wrap(body);
        int version = b.getShort() & 0xffff;
        skip(b, 32);
        skip(b, b.get() & 0xff);
        int suitesLen = b.getShort() & 0xffff;
        List<Integer> suites = new ArrayList<>();
        for (int i = 0; i < suitesLen / 2; i++) {
            suites.add(b.getShort() & 0xffff);
        }
        skip(b, b.get() & 0xff);
        return new Hello(version, suites, extensions(b));
    }

    static Hello serverHello(byte[] body) {
        ByteBuffer b = ByteBuffer.wrap(body);
        int version = b.getShort() & 0xffff;
        skip(b, 32);
        skip(b, b.get() & 0xff);
        int suite = b.getShort() & 0xffff;
        b.get();
        return new Hello(version, List.of(suite), extensions(b));
    }

    /** The named curve of an ECDH ServerKeyExchange (curve_type 3 = named_curve), else -1. */
    static int serverKeyExchangeCurve(byte[] body) {
        return body.length >= 3 && body[0] == 3 ? ((body[1] & 0xff) << 8) | (body[2] & 0xff) : -1;
    }

    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }

    private static Map<Integer, byte[]> extensions(ByteBuffer b) {
        Map<Integer, byte[]> out = new LinkedHashMap<>();
        if (b.remaining() < 2) {
            return out;
        }
        int end = (b.getShort() & 0xffff) + b.position();
        while (b.position() < end) {
            int type = b.getShort() & 0xffff;
            byte[] data = new byte[b.getShort() & 0xffff];
            b.get(data);
            out.put(type, data);
        }
        return out;
    }
}
