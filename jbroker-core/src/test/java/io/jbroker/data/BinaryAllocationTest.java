package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * Claimed lengths and counts never make the decoder allocate more than the input can fill, so a
 * few hostile bytes cannot exhaust the heap.
 */
class BinaryAllocationTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void hugeClaimedCountsAreRejectedWithoutAllocating() {
        for (String hex :
                new String[] {"0effffffff0f", "0cffffffff0f", "0dffffffff0f", "05ffffffff0f61", "0bffffffff0f"}) {
            byte[] bin = DataVectors.hex(hex);
            long allocated = allocatedBy(
                    () -> assertThatThrownBy(() -> BinaryFormat.decode(bin)).isInstanceOf(DecodeException.class));
            assertThat(allocated).as(hex).isLessThan(MIB);
        }
    }

    @Test
    void countsJustBelowTheRemainingBytesDoNotMultiplyAcrossNestingLevels() {
        // every level claims as many elements as bytes remain; the innermost is filled with nones
        int padding = 256 * 1024;
        byte[] bin = nestedMaximalClaims(BinaryFormat.MAX_NESTING_DEPTH - 1, padding);
        long allocated = allocatedBy(
                () -> assertThatThrownBy(() -> BinaryFormat.decode(bin)).isInstanceOf(DecodeException.class));
        // the innermost vector legitimately holds ~256 Ki nones; claims alone must add little
        assertThat(allocated).isLessThan(32 * MIB);
    }

    @Test
    void tableClaimsNeedTwoBytesPerEntry() {
        byte[] bin = DataVectors.hex("0d030000000000");
        assertThatThrownBy(() -> BinaryFormat.decode(bin))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.offset()).isZero());
    }

    private static byte[] nestedMaximalClaims(int depth, int padding) {
        // build inside out: each level is 0e + varbyte(count) where count = bytes after the header
        byte[] inner = new byte[padding];
        for (int i = 0; i < depth; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0x0e);
            writeVarbyte(out, inner.length);
            out.writeBytes(inner);
            inner = out.toByteArray();
        }
        return inner;
    }

    private static void writeVarbyte(ByteArrayOutputStream out, int n) {
        while (n > 0x7f) {
            out.write((n & 0x7f) | 0x80);
            n >>>= 7;
        }
        out.write(n);
    }

    /**
     * Bytes allocated by the current thread while running {@code r}, read through HotSpot's
     * ThreadMXBean (by reflection: the test sources compile inside the core module, which does not
     * read java.management).
     */
    private static long allocatedBy(Runnable r) {
        Object bean;
        Method allocated;
        try {
            bean = Class.forName("java.lang.management.ManagementFactory")
                    .getMethod("getThreadMXBean")
                    .invoke(null);
            Class<?> hotspot = Class.forName("com.sun.management.ThreadMXBean");
            assumeTrue(hotspot.isInstance(bean), "needs HotSpot's ThreadMXBean");
            assumeTrue((Boolean)
                    hotspot.getMethod("isThreadAllocatedMemoryEnabled").invoke(bean));
            allocated = hotspot.getMethod("getThreadAllocatedBytes", long.class);
        } catch (ReflectiveOperationException e) {
            assumeTrue(false, "no allocation counter: " + e);
            return 0;
        }
        long id = Thread.currentThread().getId();
        long before = invoke(allocated, bean, id);
        r.run();
        return invoke(allocated, bean, id) - before;
    }

    private static long invoke(Method m, Object bean, long id) {
        try {
            return (Long) m.invoke(bean, id);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
