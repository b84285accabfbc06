package io.jbroker.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.EndpointId;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.internal.wire.Envelope;
import org.junit.jupiter.api.Test;

class DuplicateFilterTest {
    private static final EndpointId A = EndpointId.parse("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
    private static final EndpointId B = EndpointId.parse("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb");
    private static final long WINDOW = 1_000_000_000L;

    private static Envelope msg(String topic, long value) {
        return Envelope.data(A, EndpointId.NIL, Topic.of(topic), Data.count(value));
    }

    @Test
    void secondPathCopyIsADuplicateWhicheverArrivesFirst() {
        DuplicateFilter f = new DuplicateFilter(WINDOW, 1000);
        assertThat(f.admit(msg("/t", 1), B, 0)).isTrue();
        assertThat(f.admit(msg("/t", 1), A, 1)).isFalse();
        assertThat(f.admit(msg("/t", 2), A, 2)).isTrue();
        assertThat(f.admit(msg("/t", 2), B, 3)).isFalse();
    }

    @Test
    void repeatsAlongOnePathAreAllAdmittedAndMatchedOnTheOther() {
        DuplicateFilter f = new DuplicateFilter(WINDOW, 1000);
        assertThat(f.admit(msg("/t", 7), A, 0)).isTrue();
        assertThat(f.admit(msg("/t", 7), A, 1)).isTrue();
        assertThat(f.admit(msg("/t", 7), B, 2)).isFalse();
        assertThat(f.admit(msg("/t", 7), B, 3)).isFalse();
        assertThat(f.admit(msg("/t", 7), B, 4)).isTrue(); // B now brought more than A
    }

    @Test
    void differentTopicOrPayloadIsADifferentMessage() {
        DuplicateFilter f = new DuplicateFilter(WINDOW, 1000);
        assertThat(f.admit(msg("/t", 1), A, 0)).isTrue();
        assertThat(f.admit(msg("/u", 1), B, 0)).isTrue();
        assertThat(f.admit(msg("/t", 2), B, 0)).isTrue();
    }

    @Test
    void stateExpiresAfterTheWindowAndIsBoundedInSize() {
        DuplicateFilter f = new DuplicateFilter(WINDOW, 10);
        assertThat(f.admit(msg("/t", 1), A, 0)).isTrue();
        assertThat(f.admit(msg("/t", 1), B, WINDOW + 1)).isTrue();
        for (int i = 0; i < 100; i++) {
            f.admit(msg("/many", i), A, WINDOW + 2);
        }
        assertThat(f.size()).isLessThanOrEqualTo(11);
    }
}
