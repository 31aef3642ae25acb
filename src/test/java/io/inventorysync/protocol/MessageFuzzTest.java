package io.inventorysync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import Wazuh.SyncSchema.Operation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Deterministic mutation fuzzing: the verifier only ever throws InvalidMessageException, and whatever it
 * accepts can be read field by field through the generated accessors without any exception.
 */
class MessageFuzzTest {

    private static final long SEED = 0x5EED_2025L;
    private static final int ITERATIONS = 60_000;
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
        List<byte[]> seeds = new ArrayList<>(Samples.all().values());
        seeds.add(HandMade.end(5));
        seeds.add(AgentMessages.dataValue(1, 2, Operation.Upsert, "ñ-€-𝄞", "idx", 0, new byte[0]));
        seeds.add(AgentMessages.start(
                StartSpec.defaults().indices(List.of("a", "b", "c")).groups(List.of())));
        List<DataValueSpec> many = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            many.add(new DataValueSpec(
                    i,
                    9,
                    (byte) (i % 2),
                    i % 3 == 0 ? null : "id" + i,
                    "ix",
                    i,
                    ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        seeds.add(AgentMessages.dataBatch(many));
        return seeds;
    }

    @Test
    void mutatedMessagesAreRefusedOrSafeToRead() {
        Random random = new Random(SEED);
        List<byte[]> seeds = seeds();
        int accepted = 0;
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            byte[] body = mutate(seeds.get(random.nextInt(seeds.size())).clone(), random);
            int shift = random.nextInt(4) == 0 ? 1 + random.nextInt(7) : 0;
            ByteBuffer buf = place(body, shift, random.nextInt(8) == 0);
            try {
                MessageVerifier.verify(buf);
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
                MessageReader.readAll(buf);
            } catch (Throwable unsafe) {
                fail(
                        "iteration %d: accepted but reading threw %s on %s",
                        iteration, unsafe, HexFormat.of().formatHex(body), unsafe);
            }
        }
        // the read path must really be exercised, not only refusals
        assertThat(accepted).isGreaterThan(ITERATIONS / 20);
    }

    private static ByteBuffer place(byte[] body, int shift, boolean direct) {
        if (direct) {
            ByteBuffer d = ByteBuffer.allocateDirect(shift + body.length + 3);
            d.position(shift);
            d.put(body);
            return d.position(shift).limit(shift + body.length);
        }
        byte[] padded = new byte[shift + body.length + 3];
        System.arraycopy(body, 0, padded, shift, body.length);
        return ByteBuffer.wrap(padded, shift, body.length);
    }

    private static byte[] mutate(byte[] body, Random random) {
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && body.length > 0; m++) {
            switch (random.nextInt(7)) {
                case 0 -> body[random.nextInt(body.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 ->
                    body[random.nextInt(body.length)] =
                            (byte) pick(random, new int[] {0, 1, 0x7F, 0x80, 0xFF, random.nextInt(256)});
                case 2 -> putInt(body, random.nextInt(Math.max(1, body.length - 3)) & ~3, pick(random, INTS));
                case 3 -> putShort(body, random.nextInt(Math.max(1, body.length - 1)) & ~1, pick(random, INTS));
                case 4 -> body = Arrays.copyOf(body, random.nextInt(body.length + 1));
                case 5 -> {
                    byte[] longer = Arrays.copyOf(body, body.length + 1 + random.nextInt(16));
                    for (int i = body.length; i < longer.length; i++) {
                        longer[i] = (byte) random.nextInt(256);
                    }
                    body = longer;
                }
                default -> { // nudge an int by a small amount: offsets that land next to valid objects
                    int at = random.nextInt(Math.max(1, body.length - 3)) & ~3;
                    if (at + 4 <= body.length) {
                        putInt(body, at, getInt(body, at) + random.nextInt(17) - 8);
                    }
                }
            }
        }
        return body;
    }

    private static int pick(Random random, int[] values) {
        return values[random.nextInt(values.length)];
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    private static void putInt(byte[] b, int at, int value) {
        if (at + 4 > b.length) {
            return;
        }
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }

    private static void putShort(byte[] b, int at, int value) {
        if (at + 2 > b.length) {
            return;
        }
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
    }
}
