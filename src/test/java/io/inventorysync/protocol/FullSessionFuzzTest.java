package io.inventorysync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import Wazuh.FullSessionSchema.Mode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Deterministic mutation fuzzing of the second generation, like MessageFuzzTest for the first: verifyFullSession only
 * ever throws InvalidMessageException, leaves position and limit alone, and whatever it accepts reads field by field
 * through the generated accessors without any exception.
 */
class FullSessionFuzzTest {

    private static final long SEED = 0xF5_F022L;
    private static final int ITERATIONS = 40_000;
    private static final int[] INTS = {
        0,
        1,
        2,
        3,
        4,
        7,
        8,
        12,
        16,
        -1,
        -4,
        -8,
        0x7FFF,
        0x8000,
        0xFFFF,
        0x7FFF_FFFF,
        0x8000_0000,
        0x4000_0001,
        0xFFFF_FFF0
    };

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>(FullSessions.all().values());
        seeds.add(FullSessions.syncData(6, 3));
        seeds.add(FullSessions.cleans("a", "b", "c", "ñ-€-𝄞"));
        seeds.add(FullSessions.noPayload(Mode.GroupDelta));
        seeds.add(FullSessionHandMade.session(5));
        for (byte kind = 0; kind <= 3; kind++) {
            seeds.add(FullSessionHandMade.rawSession(kind));
        }
        return seeds;
    }

    @Test
    void mutatedSessionsAreRefusedOrSafeToRead() {
        Random random = new Random(SEED);
        List<byte[]> seeds = seeds();
        int accepted = 0;
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            byte[] body = mutate(seeds.get(random.nextInt(seeds.size())).clone(), random);
            int shift = random.nextInt(4) == 0 ? 1 + random.nextInt(7) : 0;
            ByteBuffer buf = place(body, shift, random.nextInt(4) == 0);
            try {
                MessageVerifier.verifyFullSession(buf);
            } catch (InvalidMessageException refused) {
                continue;
            } catch (Throwable unexpected) {
                fail(
                        "iteration %d: verifier threw %s on %s",
                        iteration, unexpected, HexFormat.of().formatHex(body), unexpected);
            } finally {
                assertThat(buf.position()).isEqualTo(shift);
                assertThat(buf.limit()).isEqualTo(shift + body.length);
            }
            accepted++;
            try {
                FullSessionReader.readAll(buf);
            } catch (Throwable unsafe) {
                fail(
                        "iteration %d: accepted but reading threw %s on %s",
                        iteration, unsafe, HexFormat.of().formatHex(body), unsafe);
            }
        }
        assertThat(accepted).isGreaterThan(ITERATIONS / 20);
    }

    private static ByteBuffer place(byte[] body, int shift, boolean direct) {
        ByteBuffer buf = direct
                ? ByteBuffer.allocateDirect(shift + body.length + 3)
                : ByteBuffer.allocate(shift + body.length + 3);
        buf.position(shift);
        buf.put(body);
        return buf.position(shift).limit(shift + body.length);
    }

    private static byte[] mutate(byte[] body, Random random) {
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && body.length > 0; m++) {
            ByteBuffer bb = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
            int at4 = random.nextInt(Math.max(1, body.length - 3)) & ~3;
            int at2 = random.nextInt(Math.max(1, body.length - 1)) & ~1;
            switch (random.nextInt(7)) {
                case 0 -> body[random.nextInt(body.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 ->
                    body[random.nextInt(body.length)] =
                            (byte) new int[] {0, 1, 4, 6, 7, 0x7F, 0x80, 0xFF}[random.nextInt(8)];
                case 2 -> {
                    if (at4 + 4 <= body.length) {
                        bb.putInt(at4, INTS[random.nextInt(INTS.length)]);
                    }
                }
                case 3 -> {
                    if (at2 + 2 <= body.length) {
                        bb.putShort(at2, (short) INTS[random.nextInt(INTS.length)]);
                    }
                }
                case 4 -> body = Arrays.copyOf(body, random.nextInt(body.length + 1));
                case 5 -> {
                    byte[] longer = Arrays.copyOf(body, body.length + 1 + random.nextInt(16));
                    for (int i = body.length; i < longer.length; i++) {
                        longer[i] = (byte) random.nextInt(256);
                    }
                    body = longer;
                }
                default -> { // nudge an int: offsets that land next to valid objects
                    if (at4 + 4 <= body.length) {
                        bb.putInt(at4, bb.getInt(at4) + random.nextInt(17) - 8);
                    }
                }
            }
        }
        return body;
    }
}
