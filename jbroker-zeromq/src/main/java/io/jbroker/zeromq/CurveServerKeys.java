package io.jbroker.zeromq;

import java.util.Objects;
import zmq.util.Z85;

/**
 * CURVE keys of a ZeroMQ server as Zeek configures them (8.2+): the one server key pair shared by
 * the cluster's servers, and the one client public key every node uses. A server accepts exactly
 * that client key (Zeek's ZAP handler does the same). Keys are Z85 text, 40 characters each (Zeek's
 * {@code curve_server_publickey} etc.). Immutable.
 *
 * @param serverPublicKey the server's public key (Z85)
 * @param serverSecretKey the server's secret key (Z85)
 * @param clientPublicKey the only client public key accepted (Z85)
 */
public record CurveServerKeys(String serverPublicKey, String serverSecretKey, String clientPublicKey) {
    /** Validates that each key is 40 Z85 characters (32 bytes). */
    public CurveServerKeys {
        checkKey("serverPublicKey", serverPublicKey);
        checkKey("serverSecretKey", serverSecretKey);
        checkKey("clientPublicKey", clientPublicKey);
    }

    static void checkKey(String what, String key) {
        Objects.requireNonNull(key, what);
        if (key.length() != 40) {
            throw new IllegalArgumentException(what + " must be 40 Z85 characters, has " + key.length());
        }
        byte[] raw = Z85.decode(key);
        if (raw == null || raw.length != 32) {
            throw new IllegalArgumentException(what + " is not a Z85 key");
        }
    }

    /** Hides the secret. */
    @Override
    public String toString() {
        return "CurveServerKeys[serverPublicKey=" + serverPublicKey + ", clientPublicKey=" + clientPublicKey + "]";
    }
}
