package io.jbroker.bench;

import io.jbroker.data.BinaryFormat;
import io.jbroker.zeek.internal.workload.ThroughputWorkload;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The bytes {@code jbroker bench client --zeromq} sends, for raw JeroMQ to send the same: the 4
 * frames of a Zeek ZeroMQ event, {@code [topic][node id][broker-bin-v1][payload]}, with the bench
 * topic, a node id of the same form and length as the bench client's and the broker-bin-v1
 * encodings of a pool of 1,024 bench events of one type (encoded once, before the run).
 */
final class ZeekEventFrames {
    static final String TOPIC = ThroughputWorkload.TOPIC;
    private static final int POOL = 1024;

    private final byte[] topic = TOPIC.getBytes(StandardCharsets.UTF_8);
    private final byte[] nodeId;
    private final byte[] format = "broker-bin-v1".getBytes(StandardCharsets.US_ASCII);
    private final byte[][] payloads;

    ZeekEventFrames(int type) {
        nodeId = ("zeromq_bench-client_" + host() + "_"
                        + ProcessHandle.current().pid() + "_NrawJeroMqPubSub01")
                .getBytes(StandardCharsets.UTF_8);
        ThroughputWorkload w = new ThroughputWorkload();
        payloads = new byte[POOL][];
        for (int i = 0; i < POOL; i++) {
            payloads[i] = BinaryFormat.encode(w.event(type));
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    byte[] topic() {
        return topic;
    }

    byte[] nodeId() {
        return nodeId;
    }

    byte[] format() {
        return format;
    }

    byte[][] payloads() {
        return payloads;
    }

    /** The bytes of all 4 frames of a message with this payload. */
    int size(byte[] payload) {
        return topic.length + nodeId.length + format.length + payload.length;
    }

    /**
     * Writes the frames for a program in another language: topic, node id, format and then every
     * payload, each as a 4-byte big-endian length and its bytes.
     */
    void write(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            for (byte[] f : new byte[][] {topic, nodeId, format}) {
                out.writeInt(f.length);
                out.write(f);
            }
            for (byte[] p : payloads) {
                out.writeInt(p.length);
                out.write(p);
            }
        }
    }

    /** Whether an XPUB's message subscribes to a prefix of the bench topic. */
    boolean isSubscription(byte[] message) {
        return message.length >= 1
                && message[0] == 1
                && message.length - 1 <= topic.length
                && Arrays.equals(message, 1, message.length, topic, 0, message.length - 1);
    }
}
