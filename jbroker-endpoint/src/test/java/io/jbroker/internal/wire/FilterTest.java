package io.jbroker.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.Topic;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FilterTest {
    private static Filter filter(String... topics) {
        return Filter.of(java.util.Arrays.stream(topics).map(Topic::of).collect(Collectors.toList()));
    }

    private static List<String> names(Filter f) {
        return f.prefixes().stream().map(Topic::toString).collect(Collectors.toList());
    }

    @Test
    void filterEvolvesLikeTheCapturedRoutingSession() {
        Filter f = filter("/r/b");
        f = f.extend(Topic.of("/r/new"));
        assertThat(names(f)).containsExactly("/r/b", "/r/new");
        Filter covered = f.extend(Topic.of("/r/new/sub")).extend(Topic.of("/r/b/deeper"));
        assertThat(covered).isSameAs(f);
        f = f.extend(Topic.of("/r/added"));
        assertThat(names(f)).containsExactly("/r/added", "/r/b", "/r/new");
        f = f.extend(Topic.of("/r"));
        assertThat(names(f)).containsExactly("/r");
        f = f.extend(Topic.of("/fwd"));
        assertThat(names(f)).containsExactly("/fwd", "/r");
        assertThat(f.extend(Topic.of("<$>/local/test"))).isSameAs(f);
        f = f.extend(Topic.storeMaster("rstore"));
        assertThat(names(f)).containsExactly("/fwd", "/r", "rstore/<$>/data/master");
    }

    @Test
    void matchingIsPlainBytePrefix() {
        Filter f = filter("/foo");
        assertThat(f.matches(Topic.of("/foobar"))).isTrue();
        assertThat(f.matches(Topic.of("/foo/bar"))).isTrue();
        assertThat(f.matches(Topic.of("/fo"))).isFalse();
        assertThat(filter("").matches(Topic.of("anything"))).isTrue();
        assertThat(Filter.EMPTY.matches(Topic.of(""))).isFalse();
    }
}
