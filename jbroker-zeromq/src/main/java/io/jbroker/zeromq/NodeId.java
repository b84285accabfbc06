package io.jbroker.zeromq;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * A ZeroMQ cluster node id: frame 2 of every message a node publishes and the tail of its node-id
 * topic ({@link ClusterTopics#nodeIdTopic}). Zeek forms it as {@code
 * zeromq_<name>_<host>_<pid>_<uid>} ({@code zeromq/options.zeek}: {@code fmt("zeromq_%s_%s_%s_%s",
 * Cluster::node, gethostname(), getpid(), unique_id("N"))}), e.g. {@code
 * zeromq_worker-1_vm_4950_NTT9aB3hFSzoGvvqud}; an anonymous node has an empty name ({@code
 * zeromq__host_...}). Zeek does not check the form: a live Zeek accepted {@code
 * jbroker_jbroker_5499} (capture run E), so any non-empty id is a valid
 * value here and {@link #parts()} tells whether it has Zeek's form. Immutable.
 *
 * @param value the id text
 */
public record NodeId(String value) {
    private static final String PREFIX = "zeromq_";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The parts of an id in Zeek's form. */
    public record Parts(String name, String host, long pid, String uid) {}

    /** Validates: non-empty, no NUL. */
    public NodeId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty node id");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("node id contains NUL");
        }
    }

    /** A new id in Zeek's form for this process: local host name, this pid, a random uid. */
    public static NodeId generate(String name) {
        return generate(name, localHostName(), ProcessHandle.current().pid(), randomUid());
    }

    /** An id in Zeek's form from its parts. */
    public static NodeId generate(String name, String host, long pid, String uid) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(uid, "uid");
        if (host.indexOf('_') >= 0 || uid.indexOf('_') >= 0 || uid.isEmpty()) {
            throw new IllegalArgumentException("host and uid must be free of '_' (uid non-empty)");
        }
        return new NodeId(PREFIX + name + "_" + host + "_" + pid + "_" + uid);
    }

    /**
     * A uid like Zeek's {@code unique_id("N")}: {@code N} and 17 base62 characters (~101 random
     * bits; Zeek's are of the same alphabet and usually this length).
     */
    public static String randomUid() {
        StringBuilder s = new StringBuilder(18).append('N');
        for (int i = 0; i < 17; i++) {
            s.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return s.toString();
    }

    /**
     * The parts if the id has Zeek's form. The name may contain {@code _} (the host is taken to
     * be free of it, as host names are), the pid is decimal.
     */
    public Optional<Parts> parts() {
        if (!value.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = value.substring(PREFIX.length());
        int uidSep = rest.lastIndexOf('_');
        if (uidSep < 0) {
            return Optional.empty();
        }
        int pidSep = rest.lastIndexOf('_', uidSep - 1);
        if (pidSep < 0) {
            return Optional.empty();
        }
        int hostSep = rest.lastIndexOf('_', pidSep - 1);
        if (hostSep < 0) {
            return Optional.empty();
        }
        String uid = rest.substring(uidSep + 1);
        String pidText = rest.substring(pidSep + 1, uidSep);
        String host = rest.substring(hostSep + 1, pidSep);
        if (uid.isEmpty()
                || host.isEmpty()
                || pidText.isEmpty()
                || pidText.length() > 18
                || !pidText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(new Parts(rest.substring(0, hostSep), host, Long.parseLong(pidText), uid));
    }

    /** The id as it goes on the wire (frame 2). */
    @Override
    public String toString() {
        return value;
    }

    private static String localHostName() {
        try {
            String host = InetAddress.getLocalHost().getHostName();
            int dot = host.indexOf('.');
            host = dot > 0 ? host.substring(0, dot) : host;
            return host.replace('_', '-');
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
