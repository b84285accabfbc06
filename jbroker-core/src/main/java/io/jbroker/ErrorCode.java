package io.jbroker;

/**
 * Broker's error codes ({@code ec}), numbered exactly as on the wire (drop_conn messages) and named
 * as in Broker's status and error events.
 */
public enum ErrorCode {
    NONE("none"),
    UNSPECIFIED("unspecified"),
    PEER_INCOMPATIBLE("peer_incompatible"),
    PEER_INVALID("peer_invalid"),
    PEER_UNAVAILABLE("peer_unavailable"),
    PEER_DISCONNECT_DURING_HANDSHAKE("peer_disconnect_during_handshake"),
    PEER_TIMEOUT("peer_timeout"),
    MASTER_EXISTS("master_exists"),
    NO_SUCH_MASTER("no_such_master"),
    NO_SUCH_KEY("no_such_key"),
    REQUEST_TIMEOUT("request_timeout"),
    TYPE_CLASH("type_clash"),
    INVALID_DATA("invalid_data"),
    BACKEND_FAILURE("backend_failure"),
    STALE_DATA("stale_data"),
    CANNOT_OPEN_FILE("cannot_open_file"),
    CANNOT_WRITE_FILE("cannot_write_file"),
    INVALID_TOPIC_KEY("invalid_topic_key"),
    END_OF_FILE("end_of_file"),
    INVALID_TAG("invalid_tag"),
    INVALID_MESSAGE("invalid_message"),
    INVALID_STATUS("invalid_status"),
    CONVERSION_FAILED("conversion_failed"),
    CONSUMER_EXISTS("consumer_exists"),
    CONNECTION_TIMEOUT("connection_timeout"),
    BAD_MEMBER_FUNCTION_CALL("bad_member_function_call"),
    REPEATED_REQUEST_ID("repeated_request_id"),
    BROKEN_CLONE("broken_clone"),
    SHUTTING_DOWN("shutting_down"),
    INVALID_PEERING_REQUEST("invalid_peering_request"),
    REPEATED_PEERING_HANDSHAKE_REQUEST("repeated_peering_handshake_request"),
    UNEXPECTED_HANDSHAKE_MESSAGE("unexpected_handshake_message"),
    INVALID_HANDSHAKE_STATE("invalid_handshake_state"),
    NO_PATH_TO_PEER("no_path_to_peer"),
    NO_CONNECTOR_AVAILABLE("no_connector_available"),
    CANNOT_OPEN_RESOURCE("cannot_open_resource"),
    SERIALIZATION_FAILED("serialization_failed"),
    DESERIALIZATION_FAILED("deserialization_failed"),
    WRONG_MAGIC_NUMBER("wrong_magic_number"),
    REDUNDANT_CONNECTION("redundant_connection"),
    LOGIC_ERROR("logic_error"),
    INVALID_JSON("invalid_json");

    private static final ErrorCode[] BY_CODE = values();

    private final String brokerName;

    ErrorCode(String brokerName) {
        this.brokerName = brokerName;
    }

    /** The numeric code used on the wire. */
    public int code() {
        return ordinal();
    }

    /** The name Broker uses in status/error events and the WebSocket API. */
    public String brokerName() {
        return brokerName;
    }

    /**
     * The error code for a wire value. Like upstream, codes Broker cannot name (41 and above) map to
     * {@link #UNSPECIFIED}.
     */
    public static ErrorCode fromWire(int code) {
        return code >= 0 && code < INVALID_JSON.ordinal() ? BY_CODE[code] : UNSPECIFIED;
    }

    /** The error code with the given number, or empty if there is none. */
    public static java.util.Optional<ErrorCode> of(int code) {
        return code >= 0 && code < BY_CODE.length ? java.util.Optional.of(BY_CODE[code]) : java.util.Optional.empty();
    }
}
