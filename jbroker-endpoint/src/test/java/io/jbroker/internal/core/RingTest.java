package io.jbroker.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingTest {
    private static List<Integer> drain(Ring<Integer> r) {
        List<Integer> out = new ArrayList<>();
        while (r.size() > 0) {
            out.add(r.removeFirst());
        }
        return out;
    }

    @Test
    void growsPastItsInitialSlotsAndKeepsOrderAndBytes() {
        Ring<Integer> r = new Ring<>();
        for (int i = 0; i < 1000; i++) {
            r.addLast(i, 2);
            if (i % 2 == 0) {
                assertThat(r.removeFirst()).isEqualTo(i / 2);
            }
        }
        assertThat(r.size()).isEqualTo(500);
        assertThat(r.bytes()).isEqualTo(1000);
        List<Integer> rest = drain(r);
        for (int i = 0; i < rest.size(); i++) {
            assertThat(rest.get(i)).isEqualTo(500 + i);
        }
        assertThat(r.bytes()).isZero();
    }

    @Test
    void removesAtBothEndsAndRotates() {
        Ring<Integer> r = new Ring<>();
        r.addLast(1, 10);
        r.addLast(2, 20);
        r.addLast(3, 30);
        assertThat(r.first()).isEqualTo(1);
        assertThat(r.firstSize()).isEqualTo(10);
        assertThat(r.last()).isEqualTo(3);

        r.moveFirstToLast();
        assertThat(r.bytes()).isEqualTo(60);
        assertThat(r.removeLast()).isEqualTo(1);
        assertThat(r.bytes()).isEqualTo(50);
        assertThat(drain(r)).containsExactly(2, 3);

        r.addLast(4, 1);
        r.clear();
        assertThat(r.size()).isZero();
        assertThat(r.bytes()).isZero();
    }
}
