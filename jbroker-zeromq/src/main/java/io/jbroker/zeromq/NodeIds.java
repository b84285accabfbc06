package io.jbroker.zeromq;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;

/**
 * Zeek's node ids: {@code zeromq_<name>_<host>_<pid>_<unique id>}, the unique id being {@code N}
 * and 17 letters or digits like Zeek's {@code unique_id("N")} (spec 1.7; captures show for example
 * {@code zeromq_worker-1_vm_29482_NTT9aB3hFSzoGvvqud}).
 */
public final class NodeIds {
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private NodeIds() {}

    /** A fresh node id for a node called {@code name} on this host and process. */
    public static String generate(String name) {
        StringBuilder sb = new StringBuilder("zeromq_")
                .append(name)
                .append('_')
                .append(hostName())
                .append('_')
                .append(ProcessHandle.current().pid())
                .append("_N");
        for (int i = 0; i < 17; i++) {
            sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    private static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            int dot = h.indexOf('.');
            return dot > 0 ? h.substring(0, dot) : h;
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
