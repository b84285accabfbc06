package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.BrokerException;
import io.jbroker.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Deep nesting is accepted up to {@link JsonFormat#MAX_NESTING_DEPTH} containers and rejected cleanly beyond. */
class JsonNestingTest {

    @Test
    void vectorsNestedToTheLimitRoundTrip() {
        Data deep = nestVectors(JsonFormat.MAX_NESTING_DEPTH);
        assertThat(JsonFormat.decode(JsonFormat.encode(deep))).isEqualTo(deep);
    }

    @Test
    void tablesNestedToTheLimitRoundTrip() {
        Data deep = Data.count(7);
        for (int i = 0; i < JsonFormat.MAX_NESTING_DEPTH; i++) {
            deep = TableValue.builder().put(deep, Data.none()).build();
        }
        Data value = deep;
        assertThat(JsonFormat.decode(JsonFormat.encode(value))).isEqualTo(value);
    }

    @Test
    void encodingBeyondTheLimitFailsWithSerializationFailed() {
        Data tooDeep = nestVectors(JsonFormat.MAX_NESTING_DEPTH + 1);
        assertThatThrownBy(() -> JsonFormat.encode(tooDeep))
                .isInstanceOfSatisfying(
                        BrokerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SERIALIZATION_FAILED));
    }

    @Test
    void decodingOneContainerBeyondTheLimitIsInvalidJson() {
        String json = vectorJson(JsonFormat.MAX_NESTING_DEPTH + 1);
        assertThatThrownBy(() -> JsonFormat.decode(json))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON));
    }

    @Test
    void hugelyNestedArraysAreInvalidJsonNotStackOverflow() {
        byte[] json = "[".repeat(200_000).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonFormat.decode(json))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON));
        String objects = "{\"@data-type\":\"vector\",\"data\":[".repeat(50_000);
        assertThatThrownBy(() -> JsonFormat.decodeMessage(objects)).isInstanceOf(DecodeException.class);
    }

    private static Data nestVectors(int depth) {
        Data d = Data.count(1);
        for (int i = 0; i < depth; i++) {
            d = Data.vector(d);
        }
        return d;
    }

    private static String vectorJson(int depth) {
        String open = "{\"@data-type\":\"vector\",\"data\":[";
        return open.repeat(depth) + "{\"@data-type\":\"none\",\"data\":{}}" + "]}".repeat(depth);
    }
}
