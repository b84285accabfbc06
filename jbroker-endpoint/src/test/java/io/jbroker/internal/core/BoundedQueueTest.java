package io.jbroker.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.endpoint.OverflowPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BoundedQueueTest {
    private static final long NO_STALL = 0;
    private static final long LONG = TimeUnit.SECONDS.toNanos(30);

    /** A source that records pauses and resumes. */
    private static final class Source implements BoundedQueue.Source {
        final AtomicInteger pauses = new AtomicInteger();
        final AtomicInteger resumes = new AtomicInteger();

        @Override
        public void pause() {
            pauses.incrementAndGet();
        }

        @Override
        public void resume() {
            resumes.incrementAndGet();
        }

        boolean paused() {
            return pauses.get() > resumes.get();
        }
    }

    /** Runs {@code body} on a new thread; its outcome is the future's. */
    private static <V> CompletableFuture<V> inThread(Callable<V> body) {
        CompletableFuture<V> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(body.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** Polls until a producer waits for room in {@code q} (no sleep as synchronization). */
    private static void awaitWaitingProducer(BoundedQueue<?> q) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (q.waitingProducers() == 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no producer waits");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static List<String> drain(BoundedQueue<String> q) {
        List<String> out = new ArrayList<>();
        q.drainTo(out, Integer.MAX_VALUE, Long.MAX_VALUE);
        return out;
    }

    @Test
    void dropNewestRefusesWhatDoesNotFitAndCountsIt() {
        BoundedQueue<String> q = new BoundedQueue<>(2, 1000, OverflowPolicy.DROP_NEWEST, NO_STALL);

        assertThat(q.offer("a", 1)).isEqualTo(BoundedQueue.Offer.ACCEPTED);
        assertThat(q.offer("b", 1)).isEqualTo(BoundedQueue.Offer.ACCEPTED);
        assertThat(q.offer("c", 1)).isEqualTo(BoundedQueue.Offer.DROPPED);

        assertThat(q.droppedCount()).isEqualTo(1);
        assertThat(drain(q)).containsExactly("a", "b");
    }

    @Test
    void dropOldestMakesRoomAndSaysSo() {
        BoundedQueue<String> q = new BoundedQueue<>(2, 1000, OverflowPolicy.DROP_OLDEST, NO_STALL);
        q.offer("a", 1);
        q.offer("b", 1);

        assertThat(q.offer("c", 1)).isEqualTo(BoundedQueue.Offer.REPLACED_OLDEST);
        assertThat(q.droppedCount()).isEqualTo(1);
        assertThat(drain(q)).containsExactly("b", "c");
    }

    @Test
    void disconnectAsksTheOwnerToClose() {
        BoundedQueue<String> q = new BoundedQueue<>(1, 1000, OverflowPolicy.DISCONNECT, NO_STALL);
        q.offer("a", 1);

        assertThat(q.offer("b", 1)).isEqualTo(BoundedQueue.Offer.DISCONNECT);
        assertThat(q.droppedCount()).isEqualTo(1);
    }

    @Test
    void theByteBoundAppliesTooButOneLargeItemFitsAnEmptyQueue() {
        BoundedQueue<String> q = new BoundedQueue<>(100, 10, OverflowPolicy.DROP_NEWEST, NO_STALL);

        assertThat(q.offer("big", 50)).isEqualTo(BoundedQueue.Offer.ACCEPTED);
        assertThat(q.offer("small", 1)).isEqualTo(BoundedQueue.Offer.DROPPED);
        assertThat(q.bytes()).isEqualTo(50);
        drain(q);
        assertThat(q.offer("a", 6)).isEqualTo(BoundedQueue.Offer.ACCEPTED);
        assertThat(q.offer("b", 5)).isEqualTo(BoundedQueue.Offer.DROPPED);
        assertThat(q.offer("c", 4)).isEqualTo(BoundedQueue.Offer.ACCEPTED);
    }

    @Test
    void manyItemsGrowTheRingAndKeepTheirOrder() {
        BoundedQueue<Integer> q = new BoundedQueue<>(10_000, Long.MAX_VALUE, OverflowPolicy.DROP_NEWEST, NO_STALL);
        for (int i = 0; i < 5000; i++) {
            q.offer(i, 1);
            if (i % 3 == 0) {
                assertThat(q.poll()).isEqualTo(i / 3);
            }
        }
        List<Integer> rest = new ArrayList<>();
        q.drainTo(rest, Integer.MAX_VALUE, Long.MAX_VALUE);
        assertThat(rest).hasSize(5000 - 1667).first().isEqualTo(1667);
        for (int i = 1; i < rest.size(); i++) {
            assertThat(rest.get(i)).isEqualTo(rest.get(i - 1) + 1);
        }
    }

    @Test
    void drainToStopsAtTheByteLimitButAlwaysTakesOne() {
        BoundedQueue<String> q = new BoundedQueue<>(10, 1000, OverflowPolicy.DROP_NEWEST, NO_STALL);
        q.offer("a", 300);
        q.offer("b", 300);
        q.offer("c", 300);
        List<String> out = new ArrayList<>();

        assertThat(q.drainTo(out, 10, 500)).isEqualTo(1);
        assertThat(q.drainTo(out, 10, 100)).isEqualTo(1);
        assertThat(q.drainTo(out, 10, 1000)).isEqualTo(1);
        assertThat(out).containsExactly("a", "b", "c");
        assertThat(q.takenBytes()).isEqualTo(900);
    }

    @Test
    void aWaitingProducerGetsInWhenTheConsumerTakes() throws Exception {
        BoundedQueue<String> q = new BoundedQueue<>(1, 1000, OverflowPolicy.DROP_NEWEST, LONG);
        q.offer("a", 1);
        CompletableFuture<String> consumer = inThread(() -> {
            awaitWaitingProducer(q);
            return q.poll();
        });

        assertThat(q.offer("b", 1, System.nanoTime() + LONG)).isEqualTo(BoundedQueue.Offer.ACCEPTED);
        assertThat(consumer.get(5, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(q.droppedCount()).isZero();
        assertThat(drain(q)).containsExactly("b");
    }

    @Test
    void aWaitingProducerGivesUpAtItsDeadlineAndThePolicyApplies() throws Exception {
        BoundedQueue<String> q = new BoundedQueue<>(1, 1000, OverflowPolicy.DROP_NEWEST, LONG);
        q.offer("a", 1);

        assertThat(q.offer("b", 1, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20)))
                .isEqualTo(BoundedQueue.Offer.DROPPED);
        assertThat(q.droppedCount()).isEqualTo(1);
        assertThat(q.isStalled()).isFalse();
    }

    @Test
    void aQueueWithoutProgressStallsAndThenRefusesToWaitUntilDrainedToHalf() throws Exception {
        FakeClock clock = new FakeClock();
        BoundedQueue<String> q = new BoundedQueue<>(
                4, 1000, OverflowPolicy.DROP_NEWEST, TimeUnit.MILLISECONDS.toNanos(50), s -> false, clock);
        for (int i = 0; i < 4; i++) {
            q.offer("x" + i, 1);
        }

        // The first producer waits out the stall timeout, not its own long deadline (queue time).
        long start = clock.now();
        CompletableFuture<BoundedQueue.Offer> first = inThread(() -> q.offer("y", 1, start + LONG));
        awaitWaitingProducer(q);
        clock.advanceMillis(50);
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(BoundedQueue.Offer.DROPPED);
        assertThat(clock.now() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(q.isStalled()).isTrue();
        // Stalled: the next one is refused at once.
        assertThat(q.offer("z", 1, clock.now() + LONG)).isEqualTo(BoundedQueue.Offer.DROPPED);

        q.poll();
        assertThat(q.isStalled()).isTrue();
        q.poll();
        assertThat(q.isStalled()).isFalse();
        assertThat(q.droppedCount()).isEqualTo(2);
    }

    @Test
    void zeroStallTimeoutMeansNoWaiting() throws Exception {
        BoundedQueue<String> q = new BoundedQueue<>(1, 1000, OverflowPolicy.DROP_NEWEST, NO_STALL);
        q.offer("a", 1);

        assertThat(q.offer("b", 1, System.nanoTime() + LONG)).isEqualTo(BoundedQueue.Offer.DROPPED);
    }

    @Test
    void aFullQueuePausesItsSourceAndResumesItAtHalf() {
        BoundedQueue<String> q = new BoundedQueue<>(4, 1000, OverflowPolicy.DROP_NEWEST, LONG);
        Source source = new Source();

        q.offerAll(List.of("a", "b", "c", "d", "e", "f"), new int[] {1, 1, 1, 1, 1, 1}, 6, source);

        // Nothing lost: accepted beyond the bound while the source pauses.
        assertThat(q.size()).isEqualTo(6);
        assertThat(q.droppedCount()).isZero();
        assertThat(source.pauses.get()).isEqualTo(1);
        assertThat(source.paused()).isTrue();
        q.poll();
        q.poll();
        q.poll();
        assertThat(source.paused()).isTrue();
        q.poll();
        assertThat(source.paused()).isFalse();
        assertThat(drain(q)).containsExactly("e", "f");
    }

    @Test
    void pausedSourcesGetALimitedHeadroomThenThePolicy() {
        BoundedQueue<Integer> q = new BoundedQueue<>(2, 1000, OverflowPolicy.DROP_NEWEST, LONG);
        Source source = new Source();
        int n = 2 + BoundedQueue.PAUSE_HEADROOM_ITEMS + 10;
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(i);
        }

        q.offerAll(items, new int[n], n, source);

        assertThat(q.size()).isEqualTo(2 + BoundedQueue.PAUSE_HEADROOM_ITEMS);
        assertThat(q.droppedCount()).isEqualTo(10);
        assertThat(source.pauses.get()).isEqualTo(1);
    }

    @Test
    void pausedSourcesGetAtMostTwiceTheBytes() {
        BoundedQueue<Integer> q = new BoundedQueue<>(100, 10, OverflowPolicy.DROP_NEWEST, LONG);
        Source source = new Source();

        q.offerAll(List.of(1, 2, 3, 4, 5), new int[] {5, 5, 5, 5, 5}, 5, source);

        assertThat(q.bytes()).isEqualTo(20);
        assertThat(q.droppedCount()).isEqualTo(1);
    }

    @Test
    void aStalledQueueTrimsWhatPausedSourcesBroughtAndResumesThem() throws Exception {
        long stall = TimeUnit.MILLISECONDS.toNanos(20);
        FakeClock clock = new FakeClock();
        BoundedQueue<String> q = new BoundedQueue<>(2, 1000, OverflowPolicy.DROP_OLDEST, stall, s -> false, clock);
        Source source = new Source();
        q.offerAll(List.of("a", "b", "c"), new int[] {1, 1, 1}, 3, source);
        assertThat(source.paused()).isTrue();

        assertThat(q.checkStall(clock.now())).isEqualTo(BoundedQueue.Offer.ACCEPTED);
        clock.advanceMillis(40);
        assertThat(q.checkStall(clock.now())).isEqualTo(BoundedQueue.Offer.DROPPED);

        assertThat(source.paused()).isFalse();
        assertThat(q.isStalled()).isTrue();
        assertThat(q.droppedCount()).isEqualTo(1);
        // Stalled: the next read is not paused; the policy applies.
        q.offerAll(List.of("d"), new int[] {1}, 1, source);
        assertThat(source.pauses.get()).isEqualTo(1);
        assertThat(drain(q)).containsExactly("c", "d");
    }

    @Test
    void underDisconnectAStallAsksToClose() throws Exception {
        FakeClock clock = new FakeClock();
        BoundedQueue<String> q = new BoundedQueue<>(
                1, 1000, OverflowPolicy.DISCONNECT, TimeUnit.MILLISECONDS.toNanos(10), s -> false, clock);
        Source source = new Source();
        q.offerAll(List.of("a", "b"), new int[] {1, 1}, 2, source);
        clock.advanceMillis(30);

        assertThat(q.checkStall(clock.now())).isEqualTo(BoundedQueue.Offer.DISCONNECT);
    }

    @Test
    void essentialItemsDoNotCountAgainstTheBoundsAndSurviveDropOldest() {
        BoundedQueue<String> q =
                new BoundedQueue<>(2, 1000, OverflowPolicy.DROP_OLDEST, NO_STALL, s -> s.startsWith("!"));
        q.offer("a", 1);
        q.offerEssential("!ctl", 1);
        q.offer("b", 1);
        assertThat(q.droppedCount()).isZero();

        assertThat(q.offer("c", 1)).isEqualTo(BoundedQueue.Offer.REPLACED_OLDEST);

        // "a" went; the control frame stayed.
        assertThat(drain(q)).containsExactly("!ctl", "b", "c");
        assertThat(q.droppedCount()).isEqualTo(1);

        // With a control frame at the head, drop_oldest skips it (moving it behind the others).
        q.offerEssential("!first", 1);
        q.offer("d", 1);
        q.offer("e", 1);
        q.offer("f", 1);
        assertThat(drain(q)).containsExactly("e", "!first", "f");
    }

    @Test
    void statsAreOneConsistentReading() {
        BoundedQueue<String> q = new BoundedQueue<>(2, 1000, OverflowPolicy.DROP_NEWEST, NO_STALL);
        q.offer("a", 10);
        q.offer("b", 20);
        q.offer("c", 30);
        q.poll();

        assertThat(q.stats()).isEqualTo(new BoundedQueue.Stats(1, 20, 2, 30, 1, 10, 1, false, false));
        q.close();
        assertThat(q.stats().closed()).isTrue();
        assertThat(q.stats().size()).isZero();
    }

    @Test
    void essentialItemsHaveABoundedHeadroomOfTheirOwn() {
        BoundedQueue<String> q =
                new BoundedQueue<>(2, 1_000_000, OverflowPolicy.DROP_NEWEST, NO_STALL, s -> s.startsWith("!"));
        for (int i = 0; i < BoundedQueue.ESSENTIAL_HEADROOM; i++) {
            assertThat(q.offerEssential("!" + i, 1)).isEqualTo(BoundedQueue.Offer.ACCEPTED);
        }

        assertThat(q.offerEssential("!more", 1)).isEqualTo(BoundedQueue.Offer.DISCONNECT);
        assertThat(q.offer("c", 1)).isEqualTo(BoundedQueue.Offer.ACCEPTED);
        assertThat(q.poll()).isEqualTo("!0");
        assertThat(q.offerEssential("!again", 1)).isEqualTo(BoundedQueue.Offer.ACCEPTED);
    }

    @Test
    void essentialItemsAreBoundedInBytesToo() {
        BoundedQueue<String> q =
                new BoundedQueue<>(100, 1000, OverflowPolicy.DROP_NEWEST, NO_STALL, s -> s.startsWith("!"));

        assertThat(q.offerEssential("!huge", 5000))
                .as("the first fits whatever its size")
                .isEqualTo(BoundedQueue.Offer.ACCEPTED);
        assertThat(q.offerEssential("!more", 1)).isEqualTo(BoundedQueue.Offer.DISCONNECT);
        // Data has its own byte bound beside them.
        assertThat(q.offer("a", 900)).isEqualTo(BoundedQueue.Offer.ACCEPTED);
        assertThat(q.poll()).isEqualTo("!huge");
        assertThat(q.offerEssential("!small", 500)).isEqualTo(BoundedQueue.Offer.ACCEPTED);
        assertThat(q.offerEssential("!small2", 500)).isEqualTo(BoundedQueue.Offer.ACCEPTED);
        assertThat(q.offerEssential("!small3", 1)).isEqualTo(BoundedQueue.Offer.DISCONNECT);
    }

    @Test
    void closeWakesWaitersDiscardsItemsAndResumesSources() throws Exception {
        BoundedQueue<String> q = new BoundedQueue<>(1, 1000, OverflowPolicy.DROP_NEWEST, LONG);
        Source source = new Source();
        q.offerAll(List.of("a", "b"), new int[] {1, 1}, 2, source);
        CompletableFuture<Void> closer = inThread(() -> {
            awaitWaitingProducer(q);
            q.close();
            return null;
        });

        assertThat(q.offer("c", 1, System.nanoTime() + LONG)).isEqualTo(BoundedQueue.Offer.CLOSED);
        closer.get(5, TimeUnit.SECONDS);
        assertThat(q.size()).isZero();
        assertThat(source.paused()).isFalse();
        assertThat(q.take(TimeUnit.MILLISECONDS.toNanos(10))).isNull();
    }
}
