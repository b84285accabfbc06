package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random byte mutations of valid encodings (bit flips, replaced, inserted and deleted bytes) never
 * make the decoder throw anything but {@link DecodeException}, and whatever it accepts re-encodes.
 */
class BinaryMutationPropertiesTest {
    private static final int TRIES = 1000;
    private static final int MUTANTS_PER_TRY = 120;
    private static final AtomicLong MUTANTS = new AtomicLong();
    private static final AtomicLong ACCEPTED = new AtomicLong();

    @Provide
    Arbitrary<Data> values() {
        return DataArbitraries.data(3);
    }

    @Property(tries = TRIES)
    void mutatedEncodingsDecodeOrFailWithDecodeException(@ForAll("values") Data value, @ForAll Random random) {
        byte[] bin = BinaryFormat.encode(value);
        for (int i = 0; i < MUTANTS_PER_TRY; i++) {
            byte[] mutant = mutate(bin, random, 1 + random.nextInt(3));
            MUTANTS.incrementAndGet();
            decodeOrReject(mutant);
        }
    }

    @AfterContainer
    static void atLeastOneHundredThousandMutantsWereTried() {
        assertThat(MUTANTS.get()).isGreaterThanOrEqualTo(100_000);
        // both outcomes were exercised
        assertThat(ACCEPTED.get()).isPositive().isLessThan(MUTANTS.get());
    }

    private static void decodeOrReject(byte[] mutant) {
        Data decoded;
        try {
            decoded = BinaryFormat.decode(mutant);
        } catch (DecodeException e) {
            assertThat(e.offset()).isBetween(0L, (long) mutant.length);
            assertThat(e.reason()).isNotBlank();
            return;
        }
        ACCEPTED.incrementAndGet();
        byte[] reencoded = BinaryFormat.encode(decoded);
        assertThat(BinaryFormat.decodeShared(mutant, 0, mutant.length)).isEqualTo(decoded);
        // the canonical bytes are valid input again
        BinaryFormat.validate(reencoded, 0, reencoded.length);
        assertThat(decoded.toString()).isNotNull();
    }

    static byte[] mutate(byte[] original, Random random, int edits) {
        byte[] b = original;
        for (int k = 0; k < edits; k++) {
            int op = random.nextInt(4);
            if (b.length == 0) {
                op = 2;
            }
            switch (op) {
                case 0: { // flip one bit
                    b = b.clone();
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                    break;
                }
                case 1: { // replace a byte, favouring boundary values
                    b = b.clone();
                    b[random.nextInt(b.length)] = interestingByte(random);
                    break;
                }
                case 2: { // insert a byte
                    int at = random.nextInt(b.length + 1);
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = interestingByte(random);
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                    break;
                }
                default: { // delete a byte
                    int at = random.nextInt(b.length);
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
            }
        }
        return b;
    }

    private static byte interestingByte(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return (byte) random.nextInt(16); // type tags and small counts
            case 1:
                return (byte) (0x7c + random.nextInt(8)); // around the varbyte boundary
            case 2:
                return (byte) 0xff;
            default:
                return (byte) random.nextInt(256);
        }
    }
}
