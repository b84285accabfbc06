package io.jbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicTest {

    // Join rule (wire-protocol.md 9.3, and upstream topic.cc for an empty right side): "/" between
    // the parts unless either side is empty or the right side starts with "/"; one trailing "/" of
    // the result is removed.
    @ParameterizedTest(name = "[{0}] / [{1}] = [{2}]")
    @CsvSource(
            delimiter = '|',
            value = {
                "a|b|a/b",
                "mystore|<$>/data/master|mystore/<$>/data/master",
                "|b|b",
                "|/b|/b",
                "|b/|b",
                "|/|''",
                "a|/b|a/b",
                "a/|b|a//b",
                "a/|/b|a//b",
                "a|b/|a/b",
                "a|b//|a/b/",
                "a||a",
                "a/||a",
                "a|/|a",
                "/||''",
                "a//||a/",
                "||''",
                "/a|b|/a/b",
                "a b|c d|a b/c d",
            })
    void joinFollowsBrokersRule(String left, String right, String expected) {
        left = orEmpty(left);
        right = orEmpty(right);
        expected = orEmpty(expected);
        assertThat(Topic.of(left).join(right)).isEqualTo(Topic.of(expected));
        assertThat(Topic.of(left).join(Topic.of(right)).toString()).isEqualTo(expected);
    }

    @Test
    void joinOfEmptyTopicsIsEmpty() {
        assertThat(Topic.of("").join("").length()).isZero();
    }

    @Property(tries = 300)
    void joinMatchesTheRuleForAnyParts(@ForAll("topicText") String left, @ForAll("topicText") String right) {
        String joined = left.isEmpty() || right.isEmpty() || right.startsWith("/") ? left + right : left + "/" + right;
        if (joined.endsWith("/")) {
            joined = joined.substring(0, joined.length() - 1);
        }
        assertThat(Topic.of(left).join(right).toString()).isEqualTo(joined);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> topicText() {
        return net.jqwik.api.Arbitraries.strings().withChars("/ab<$>").ofMaxLength(6);
    }

    @Test
    void joinKeepsBytesThatAreNotUtf8() {
        Topic left = Topic.ofBytes(new byte[] {'x', (byte) 0xff});
        Topic right = Topic.ofBytes(new byte[] {(byte) 0xc3, 'y'});

        assertThat(left.join(right).bytes()).containsExactly('x', 0xff, '/', 0xc3, 'y');
    }

    @Test
    void storeTopicsUseTheJoinRule() {
        assertThat(Topic.storeMaster("vstore")).hasToString("vstore/<$>/data/master");
        assertThat(Topic.storeClone("vstore")).hasToString("vstore/<$>/data/clone");
        assertThat(Topic.storeEvents("vstore")).hasToString("<$>/local/data/store-events/vstore");
        assertThat(Topic.storeEvents("/vstore")).hasToString("<$>/local/data/store-events/vstore");
    }

    @Test
    void reservedTopicsHaveBrokersNames() {
        assertThat(Topic.RESERVED).hasToString("<$>");
        assertThat(Topic.LOCAL_PREFIX).hasToString("<$>/local/");
        assertThat(Topic.STATUSES).hasToString("<$>/local/data/statuses");
        assertThat(Topic.ERRORS).hasToString("<$>/local/data/errors");
    }

    @ParameterizedTest(name = "[{0}] starts with [{1}]: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/foobar|/foo|true",
                "/foo|/foo|true",
                "/foo/bar|/foo|true",
                "/foo|/foo/|false",
                "/fo|/foo|false",
                "/foo||true",
                "||true",
                "|/|false",
                "/Foo|/foo|false",
                "foo|/foo|false",
            })
    void prefixMatchingIsPlainBytePrefix(String topic, String prefix, boolean expected) {
        assertThat(Topic.of(orEmpty(topic)).startsWith(Topic.of(orEmpty(prefix))))
                .isEqualTo(expected);
    }

    /** CSV sources hand an unquoted empty column over as null. */
    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    @Test
    void prefixMatchingComparesNonAsciiBytes() {
        Topic topic = Topic.of("/ä/x");
        assertThat(topic.length()).isEqualTo(5);
        assertThat(topic.startsWith(Topic.of("/ä"))).isTrue();
        assertThat(topic.startsWith(Topic.ofBytes(new byte[] {'/', (byte) 0xc3})))
                .isTrue();
        assertThat(topic.startsWith(Topic.ofBytes(new byte[] {'/', (byte) 0xc3, (byte) 0xa5})))
                .isFalse();
        assertThat(topic.startsWith(Topic.of("/å"))).isFalse();

        Topic raw = Topic.ofBytes(new byte[] {'/', (byte) 0xff, (byte) 0x80, 'z'});
        assertThat(raw.startsWith(Topic.ofBytes(new byte[] {'/', (byte) 0xff, (byte) 0x80})))
                .isTrue();
        assertThat(raw.startsWith(Topic.ofBytes(new byte[] {'/', (byte) 0xff, (byte) 0x81})))
                .isFalse();
        assertThat(raw.startsWith(Topic.ofBytes(new byte[] {'/', (byte) 0x7f}))).isFalse();
    }

    @Property(tries = 300)
    void everyTopicStartsWithItsOwnPrefixes(@ForAll byte[] raw) {
        Topic topic = Topic.ofBytes(raw);
        for (int i = 0; i <= raw.length; i++) {
            assertThat(topic.startsWith(Topic.ofBytes(raw, 0, i))).isTrue();
        }
        byte[] longer = java.util.Arrays.copyOf(raw, raw.length + 1);
        assertThat(topic.startsWith(Topic.ofBytes(longer))).isFalse();
    }

    @Test
    void localTopicsAreThoseUnderLocalPrefix() {
        assertThat(Topic.STATUSES.isLocal()).isTrue();
        assertThat(Topic.of("<$>/local/").isLocal()).isTrue();
        assertThat(Topic.storeEvents("s").isLocal()).isTrue();
        assertThat(Topic.of("<$>/local").isLocal()).isFalse();
        assertThat(Topic.of("<$>/localx").isLocal()).isFalse();
        assertThat(Topic.RESERVED.isLocal()).isFalse();
        assertThat(Topic.storeMaster("s").isLocal()).isFalse();
        assertThat(Topic.of("/x/<$>/local/").isLocal()).isFalse();
    }

    @Test
    void reservedMarkerIsFoundAnywhere() {
        assertThat(Topic.RESERVED.isReserved()).isTrue();
        assertThat(Topic.storeMaster("s").isReserved()).isTrue();
        assertThat(Topic.of("/a/<$>").isReserved()).isTrue();
        assertThat(Topic.of("/a/<$").isReserved()).isFalse();
        assertThat(Topic.of("<>$").isReserved()).isFalse();
        assertThat(Topic.of("").isReserved()).isFalse();
    }

    @Property(tries = 300)
    void reservedExactlyWhenTheMarkerOccursAndHashIsTheBytesHash(@ForAll byte[] raw, @ForAll int at) {
        byte[] marked = java.util.Arrays.copyOf(raw, raw.length + 3);
        int i = Math.floorMod(at, raw.length + 1);
        System.arraycopy(raw, i, marked, i + 3, raw.length - i);
        marked[i] = '<';
        marked[i + 1] = '$';
        marked[i + 2] = '>';
        assertThat(Topic.ofBytes(marked).isReserved()).isTrue();
        Topic topic = Topic.ofBytes(raw);
        assertThat(topic.isReserved())
                .isEqualTo(new String(raw, StandardCharsets.ISO_8859_1).contains(Topic.RESERVED_MARKER));
        assertThat(topic.hashCode()).isEqualTo(java.util.Arrays.hashCode(raw)).isEqualTo(topic.hashCode());
        assertThat(Topic.ofBytes(raw)).isEqualTo(topic).hasSameHashCodeAs(topic);
    }

    @Test
    void topicsAreOrderedByUnsignedBytes() {
        List<Topic> topics = new ArrayList<>(List.of(
                Topic.ofBytes(new byte[] {(byte) 0x80}),
                Topic.of("/b"),
                Topic.of("/a/b"),
                Topic.of(""),
                Topic.of("/a"),
                Topic.ofBytes(new byte[] {0x7f}),
                Topic.of("<$>")));
        Collections.sort(topics);

        assertThat(topics)
                .containsExactly(
                        Topic.of(""),
                        Topic.of("/a"),
                        Topic.of("/a/b"),
                        Topic.of("/b"),
                        Topic.of("<$>"),
                        Topic.ofBytes(new byte[] {0x7f}),
                        Topic.ofBytes(new byte[] {(byte) 0x80}));
    }

    @Test
    void equalityIsByBytes() {
        assertThat(Topic.of("/ä")).isEqualTo(Topic.ofBytes("/ä".getBytes(StandardCharsets.UTF_8)));
        assertThat(Topic.of("/ä")).hasSameHashCodeAs(Topic.ofBytes("/ä".getBytes(StandardCharsets.UTF_8)));
        assertThat(Topic.of("/a")).isNotEqualTo(Topic.of("/A"));
        assertThat(Topic.of("/a")).isNotEqualTo("/a");
    }

    @Test
    void topicCopiesItsBytes() {
        byte[] raw = {'/', 'a'};
        Topic topic = Topic.ofBytes(raw);
        raw[1] = 'b';
        topic.bytes()[1] = 'c';

        assertThat(topic).hasToString("/a");
        byte[] dst = new byte[4];
        topic.copyTo(dst, 1);
        assertThat(dst).containsExactly(0, '/', 'a', 0);
    }

    @Test
    void sliceOfBytesIsChecked() {
        byte[] raw = "xx/topic".getBytes(StandardCharsets.US_ASCII);
        assertThat(Topic.ofBytes(raw, 2, 6)).isEqualTo(Topic.of("/topic"));
        assertThatThrownBy(() -> Topic.ofBytes(raw, 4, 6)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Topic.of(null)).isInstanceOf(NullPointerException.class);
    }
}
