package io.jbroker.data;

import io.jbroker.DataMessage;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import java.nio.charset.StandardCharsets;

/**
 * Broker's JSON v1 encoding of data ({@code format::json::v1}), used by the WebSocket API and
 * Zeek's WebSocket server: every value is an object {@code {"@data-type":<type>,"data":<data>}}
 * (data-format.md §9).
 *
 * <p><b>Output</b> is byte-for-byte what Broker writes, quirks included: no whitespace; reals as C's
 * {@code %f} (six decimals, all integer digits) and non-finite reals as the bare, non-JSON tokens
 * {@code nan}, {@code -nan}, {@code inf}, {@code -inf}; timestamps as {@code
 * YYYY-MM-DDThh:mm:ss.mmm} (truncated to milliseconds, seconds truncated toward zero); timespans
 * with the largest exact unit of ns, us, ms and s; strings with only {@code \ " \b \f \n \r \t} and
 * {@code \v} (not valid JSON) escaped and every other byte, including control bytes and invalid
 * UTF-8, copied raw. The output is therefore not always valid JSON or UTF-8; {@link
 * #encodeToString} decodes it with replacement characters.
 *
 * <p><b>Input</b> follows Broker's decoder: members in any order, unknown members ignored (the
 * first of duplicate members counts), {@code none} ignores {@code data}, counts and integers must be
 * JSON integers in range, reals must have a fraction or exponent (or be the bare token {@code
 * nan}), sets and tables come back sorted. Like Broker it accepts raw control bytes, {@code \v} and
 * invalid UTF-8 inside strings. Errors are {@link DecodeException}s carrying the byte offset:
 * {@link ErrorCode#INVALID_JSON} for syntax errors (including integer digits beyond 64 bits and
 * nesting deeper than {@link #MAX_NESTING_DEPTH} containers), {@link ErrorCode#TYPE_CLASH} for a
 * well-formed document of the wrong shape, {@link ErrorCode#DESERIALIZATION_FAILED} for a duplicate
 * set element or table key. {@link #decodeMessage} reports every non-syntax error as {@link
 * ErrorCode#DESERIALIZATION_FAILED}, as Broker's {@code envelope::deserialize_json} does.
 *
 * <p><b>Deliberate differences from Broker 2.8</b> (everything else matches the captured vectors):
 *
 * <ul>
 *   <li>The escape {@code \/} decodes to {@code /} (standard JSON); Broker decodes it to {@code ?}.
 *   <li>A {@code \\u} high surrogate followed by a {@code \\u} escape that is not a low surrogate is
 *       rejected; Broker computes a garbage code point.
 *   <li>Numbers must be RFC 8259 numbers. Broker's number reader also takes forms such as {@code
 *       +1}, {@code .5}, {@code 1.} or hex/octal integers.
 *   <li>Reals are rounded correctly from their decimal text; Broker's reader may differ in the last
 *       bit for some inputs and rejects exponents beyond ±511 (we give ±inf or ±0).
 *   <li>Nesting is bounded by {@link #MAX_NESTING_DEPTH} Broker containers (up to 3 JSON levels
 *       each); Broker's parser stops at 128 JSON levels, about 64 containers.
 * </ul>
 *
 * <p>All methods are thread-safe.
 */
public final class JsonFormat {
    /** The deepest container nesting accepted and written, in Broker values (not JSON levels). */
    public static final int MAX_NESTING_DEPTH = BinaryFormat.MAX_NESTING_DEPTH;

    private JsonFormat() {}

    /**
     * Broker's exact JSON v1 bytes for a value.
     *
     * @throws io.jbroker.BrokerException ({@link ErrorCode#SERIALIZATION_FAILED}) if the value nests
     *     deeper than {@link #MAX_NESTING_DEPTH}
     */
    public static byte[] encode(Data value) {
        return JsonWriter.value(value);
    }

    /** {@link #encode} as a Java string (invalid UTF-8 in strings becomes U+FFFD). */
    public static String encodeToString(Data value) {
        return new String(encode(value), StandardCharsets.UTF_8);
    }

    /** {@code {"type":"data-message","topic":<topic>,"@data-type":<type>,"data":<data>}}. */
    public static byte[] encodeMessage(DataMessage msg) {
        return JsonWriter.message(msg);
    }

    /**
     * Decodes one value object (Broker's {@code format::json::v1::decode}; other members such as
     * {@code type} and {@code topic} are ignored).
     *
     * @throws DecodeException if the input is not exactly one valid value object
     */
    public static Data decode(byte[] json) {
        return JsonDecoder.decode(JsonReader.parse(json));
    }

    /** {@link #decode(byte[])} of the UTF-8 encoding of {@code json}; offsets are byte offsets. */
    public static Data decode(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The value of an {@code address}, {@code subnet}, {@code port}, {@code timestamp} or {@code
     * timespan} from the text of its {@code data} string, by the rule {@link #decode} applies
     * (data-format.md §9.4); {@code text} is that string's bytes as ISO-8859-1 characters. For
     * decoders that read JSON themselves and must agree with this class.
     *
     * @throws IllegalArgumentException if {@link #decode} would reject the text, or for any other
     *     type
     */
    public static Data decodeText(DataType type, String text) {
        return JsonDecoder.parseText(type, text);
    }

    /**
     * Decodes a data-message object. Like Broker's {@code envelope::deserialize_json} it requires
     * {@code "type":"data-message"} and a non-empty string {@code topic}.
     *
     * @throws DecodeException with {@link ErrorCode#INVALID_JSON} for syntax errors and {@link
     *     ErrorCode#DESERIALIZATION_FAILED} for anything else
     */
    public static DataMessage decodeMessage(byte[] json) {
        JsonTree root = JsonReader.parse(json);
        try {
            if (root.kind != JsonTree.Kind.OBJECT) {
                throw failed(root, "expected a data-message object, got " + root.describe());
            }
            JsonTree type = root.member(JsonNames.TYPE);
            if (type == null
                    || type.kind != JsonTree.Kind.STRING
                    || !type.latin1().equals(JsonNames.DATA_MESSAGE)) {
                throw failed(type == null ? root : type, "type must be \"data-message\"");
            }
            JsonTree topic = root.member(JsonNames.TOPIC);
            if (topic == null || topic.kind != JsonTree.Kind.STRING || topic.string.length == 0) {
                throw failed(topic == null ? root : topic, "topic must be a non-empty string");
            }
            return new DataMessage(Topic.ofBytes(topic.string), JsonDecoder.decode(root));
        } catch (DecodeException e) {
            if (e.code() == ErrorCode.TYPE_CLASH) {
                throw new DecodeException(ErrorCode.DESERIALIZATION_FAILED, e.offset(), e.reason());
            }
            throw e;
        }
    }

    /** {@link #decodeMessage(byte[])} of the UTF-8 encoding of {@code json}. */
    public static DataMessage decodeMessage(String json) {
        return decodeMessage(json.getBytes(StandardCharsets.UTF_8));
    }

    private static DecodeException failed(JsonTree at, String reason) {
        return new DecodeException(ErrorCode.DESERIALIZATION_FAILED, at.offset, reason);
    }
}
