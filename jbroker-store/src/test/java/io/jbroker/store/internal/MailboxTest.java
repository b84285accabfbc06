package io.jbroker.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The store thread's batched inbox: order, batch ends, a throwing task, shutdown. */
class MailboxTest {
    @Test
    void runsTasksFromManyThreadsInOrderPerThreadWithABatchEndAtMostEveryMaxBatch() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        List<String> ran = new ArrayList<>(); // only the store thread touches it
        int[] sinceBatchEnd = {0};
        int[] maxBetweenEnds = {0};
        Mailbox box = new Mailbox(thread, 8, () -> {
            maxBetweenEnds[0] = Math.max(maxBetweenEnds[0], sinceBatchEnd[0]);
            sinceBatchEnd[0] = 0;
        });
        int perThread = 5_000;
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            String name = "p" + p;
            Thread t = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    int n = i;
                    box.execute(() -> {
                        ran.add(name + ":" + n);
                        sinceBatchEnd[0]++;
                    });
                }
            });
            t.start();
            producers.add(t);
        }
        for (Thread t : producers) {
            t.join();
        }
        CountDownLatch done = new CountDownLatch(1);
        box.execute(() -> {
            box.execute(() -> {
                throw new IllegalStateException("a throwing task is contained");
            });
            box.execute(done::countDown); // queued from the store thread itself
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        thread.shutdown();
        assertThat(thread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(ran).hasSize(3 * perThread);
        for (int p = 0; p < 3; p++) {
            String prefix = "p" + p + ":";
            List<String> mine = ran.stream().filter(s -> s.startsWith(prefix)).toList();
            for (int i = 0; i < perThread; i++) {
                assertThat(mine.get(i)).isEqualTo(prefix + i);
            }
        }
        assertThat(maxBetweenEnds[0]).isBetween(1, 8);
        assertThatThrownBy(() -> box.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
    }
}
