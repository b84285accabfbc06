package io.jbroker.zeromq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The exchange rules of zeromq/main.zeek, one at a time. */
class MembershipTest {
    private final NodeId me = new NodeId("zeromq_jb_h_1_Nme");
    private final NodeId peer = new NodeId("zeromq_worker-1_h_2_Npeer");
    private final Membership m = new Membership("jb", me, n -> !n.equals("stranger"), 2);

    @Test
    void subscriptionFirstThenHello() {
        assertThat(m.onSubscription(ClusterTopics.nodeIdTopic(peer)))
                .containsExactly(new Membership.Publish(
                        ClusterTopics.nodeIdTopic(peer), new Hello(Hello.Kind.ZEROMQ, "jb", me)));
        assertThat(m.onHello(new Hello(Hello.Kind.ZEROMQ, "worker-1", peer)))
                .containsExactly(new Membership.Publish(
                        ClusterTopics.nodeIdTopic(peer), new Hello(Hello.Kind.CLUSTER, "jb", me)));
        assertThat(m.onHello(new Hello(Hello.Kind.CLUSTER, "worker-1", peer)))
                .containsExactly(new Membership.NodeUp("worker-1", peer));
        assertThat(m.onUnsubscription(ClusterTopics.nodeIdTopic(peer)))
                .containsExactly(new Membership.NodeDown("worker-1", peer));
        assertThat(m.nodesUp()).isEmpty();
    }

    @Test
    void helloFirstThenSubscription() {
        assertThat(m.onHello(new Hello(Hello.Kind.ZEROMQ, "worker-1", peer))).isEmpty();
        assertThat(m.onSubscription(ClusterTopics.nodeIdTopic(peer)))
                .containsExactly(
                        new Membership.Publish(ClusterTopics.nodeIdTopic(peer), new Hello(Hello.Kind.ZEROMQ, "jb", me)),
                        new Membership.Publish(
                                ClusterTopics.nodeIdTopic(peer), new Hello(Hello.Kind.CLUSTER, "jb", me)));
    }

    @Test
    void ownSubscriptionAndOtherTopicsAreIgnored() {
        assertThat(m.onSubscription(ClusterTopics.nodeIdTopic(me))).isEmpty();
        assertThat(m.onSubscription("zeek.cluster.worker")).isEmpty();
        assertThat(m.onSubscription(ClusterTopics.NODE_ID_PREFIX)).isEmpty();
        assertThat(m.onUnsubscription(ClusterTopics.nodeIdTopic(me))).isEmpty();
    }

    @Test
    void unknownNamesAndUnknownIdsGiveWarnings() {
        assertThat(m.onHello(new Hello(Hello.Kind.CLUSTER, "stranger", peer)))
                .singleElement()
                .isInstanceOf(Membership.Warning.class);
        assertThat(m.onUnsubscription(ClusterTopics.nodeIdTopic(peer)))
                .singleElement()
                .isInstanceOf(Membership.Warning.class);
    }

    @Test
    void aRestartedNodeIsDownWithItsOldIdFirst() {
        m.onHello(new Hello(Hello.Kind.CLUSTER, "worker-1", peer));
        NodeId again = new NodeId("zeromq_worker-1_h_3_Nnew");
        List<Membership.Action> actions = m.onHello(new Hello(Hello.Kind.ZEROMQ, "worker-1", again));
        assertThat(actions).contains(new Membership.NodeDown("worker-1", peer));
        assertThat(m.onHello(new Hello(Hello.Kind.CLUSTER, "worker-1", again)))
                .containsExactly(new Membership.NodeUp("worker-1", again));
    }

    @Test
    void halfDoneExchangesAreBounded() {
        for (int i = 0; i < 5; i++) {
            m.onSubscription(ClusterTopics.nodeIdTopic(new NodeId("n" + i)));
        }
        assertThat(m.pendingForgotten()).isEqualTo(3);
        // the most recent two are remembered
        assertThat(m.onHello(new Hello(Hello.Kind.ZEROMQ, "worker-1", new NodeId("n4"))))
                .hasSize(1);
        assertThat(m.onHello(new Hello(Hello.Kind.ZEROMQ, "worker-1", new NodeId("n0"))))
                .isEmpty();
    }
}
