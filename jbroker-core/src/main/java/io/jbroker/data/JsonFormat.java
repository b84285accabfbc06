package io.jbroker.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jbroker.DataMessage;
import io.jbroker.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * TEMPORARY stub of Broker's JSON v1 format so that modules depending on it compile; replaced by
 * the real implementation on merge. Handles only none, boolean, count, integer, string, enum and
 * vector.
 */
public final class JsonFormat {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonFormat() {}

    public static byte[] encode(Data value) {
        return encodeToString(value).getBytes(StandardCharsets.UTF_8);
    }

    public static String encodeToString(Data value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    public static byte[] encodeMessage(DataMessage msg) {
        throw new UnsupportedOperationException("JsonFormat stub");
    }

    public static Data decode(byte[] json) {
        return decode(new String(json, StandardCharsets.UTF_8));
    }

    public static Data decode(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            p.nextToken();
            Data d = read(p);
            if (p.nextToken() != null) {
                throw fail(p, "trailing input");
            }
            return d;
        } catch (IOException e) {
            throw new DecodeException(ErrorCode.INVALID_JSON, 0, e.getMessage());
        }
    }

    public static DataMessage decodeMessage(byte[] json) {
        throw new UnsupportedOperationException("JsonFormat stub");
    }

    public static DataMessage decodeMessage(String json) {
        throw new UnsupportedOperationException("JsonFormat stub");
    }

    private static void write(StringBuilder sb, Data d) {
        sb.append("{\"@data-type\":\"").append(d.type().jsonName()).append("\",\"data\":");
        switch (d.type()) {
            case NONE:
                sb.append("{}");
                break;
            case BOOLEAN:
                sb.append(((BooleanValue) d).value());
                break;
            case COUNT:
            case INTEGER:
                sb.append(d);
                break;
            case STRING:
                sb.append('"').append(((StringValue) d).asString()).append('"');
                break;
            case ENUM_VALUE:
                sb.append('"').append(((EnumValue) d).name()).append('"');
                break;
            case VECTOR:
                sb.append('[');
                String sep = "";
                for (Data item : (VectorValue) d) {
                    sb.append(sep);
                    write(sb, item);
                    sep = ",";
                }
                sb.append(']');
                break;
            default:
                throw new UnsupportedOperationException("JsonFormat stub: " + d.type());
        }
        sb.append('}');
    }

    private static Data read(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
            throw fail(p, "expected a value object");
        }
        if (!"@data-type".equals(p.currentName()) || p.nextToken() != JsonToken.VALUE_STRING) {
            throw fail(p, "expected @data-type");
        }
        DataType type = DataType.fromJsonName(p.getText());
        if (type == null) {
            throw fail(p, "unknown @data-type");
        }
        if (p.nextToken() != JsonToken.FIELD_NAME || !"data".equals(p.currentName())) {
            throw fail(p, "expected data");
        }
        JsonToken t = p.nextToken();
        Data result;
        switch (type) {
            case NONE:
                p.skipChildren();
                result = Data.none();
                break;
            case BOOLEAN:
                result = Data.bool(p.getBooleanValue());
                break;
            case COUNT:
                result = CountValue.of(p.getBigIntegerValue());
                break;
            case INTEGER:
                result = Data.integer(p.getLongValue());
                break;
            case STRING:
                result = Data.string(p.getText());
                break;
            case ENUM_VALUE:
                result = Data.enumValue(p.getText());
                break;
            case VECTOR:
                if (t != JsonToken.START_ARRAY) {
                    throw fail(p, "expected array");
                }
                List<Data> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p));
                }
                result = Data.vector(items);
                break;
            default:
                throw fail(p, "JsonFormat stub cannot decode " + type.jsonName());
        }
        if (p.nextToken() != JsonToken.END_OBJECT) {
            throw fail(p, "expected end of object");
        }
        return result;
    }

    private static DecodeException fail(JsonParser p, String reason) {
        return new DecodeException(ErrorCode.INVALID_JSON, p.currentLocation().getCharOffset(), reason);
    }
}
