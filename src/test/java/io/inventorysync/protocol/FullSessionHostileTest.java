package io.inventorysync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import Wazuh.FullSessionSchema.ChecksumModule;
import Wazuh.FullSessionSchema.Cleans;
import Wazuh.FullSessionSchema.DataClean;
import Wazuh.FullSessionSchema.DataContext;
import Wazuh.FullSessionSchema.DataValue;
import Wazuh.FullSessionSchema.Mode;
import Wazuh.FullSessionSchema.Operation;
import Wazuh.FullSessionSchema.SessionPayload;
import Wazuh.FullSessionSchema.Start;
import Wazuh.FullSessionSchema.SyncData;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile but well-formed FullSessions (behaviour.md §12) and large legitimate ones. A FullSession is not bounded by a
 * router frame, so its expansion budget ({@link MessageVerifier#EXPANSION_FACTOR} × its size +
 * {@link MessageVerifier#EXPANSION_SLACK}) and table cap grow with it: shared references are refused once they decode
 * beyond the budget, whatever the size, and sessions of hundreds of thousands of values pass, in direct memory.
 */
class FullSessionHostileTest {

    private static final long SEED = 0xF011_5E55L;
    private static final int MAX_BODY = 4 << 20;

    private static void refused(byte[] body, String reason) {
        assertThatThrownBy(() -> MessageVerifier.verifyFullSession(ByteBuffer.wrap(body)))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void theReportedStartIsRefusedInsideAFullSession() {
        // 8,061 index entries pointing at one 32,500-byte name: 262 MB of Strings from 65 KB
        FlatBufferBuilder b = new FlatBufferBuilder();
        int name = b.createString("wazuh-states-inventory-" + "p".repeat(32_500 - 23));
        int[] refs = new int[8061];
        Arrays.fill(refs, name);
        refused(session(b, start(b, Start.createIndexVector(b, refs), 0, 0)), "Start");
    }

    @Test
    void valuesReferencingOneBigDataValueAreRefusedAtAnySize() {
        for (int dataBytes : new int[] {500_000, 8 << 20}) {
            FlatBufferBuilder b = new FlatBufferBuilder(dataBytes + (dataBytes / 2) + 4096);
            int value = DataValue.createDataValue(
                    b,
                    Operation.Upsert,
                    b.createString("id"),
                    b.createString(FullSessions.PACKAGES),
                    1,
                    b.createByteVector(new byte[dataBytes]));
            int[] refs = new int[dataBytes / 8];
            Arrays.fill(refs, value);
            refused(FullSessions.syncDataOf(b, refs), "referenced too many times");
        }
    }

    @Test
    void distinctValuesOrContextsSharingOneDataVectorAreRefused() {
        FlatBufferBuilder b = new FlatBufferBuilder(1 << 20);
        int data = b.createByteVector(new byte[200_000]);
        int id = b.createString("id");
        int index = b.createString(FullSessions.PACKAGES);
        int[] values = new int[100];
        for (int i = 0; i < values.length; i++) {
            values[i] = DataValue.createDataValue(b, Operation.Upsert, id, index, i, data);
        }
        refused(FullSessions.syncDataOf(b, values), "referenced too many times");

        FlatBufferBuilder c = new FlatBufferBuilder(1 << 20);
        int contextData = c.createByteVector(new byte[200_000]);
        int[] contexts = new int[100];
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = DataContext.createDataContext(c, c.createString("c" + i), 0, contextData);
        }
        int sync = SyncData.createSyncData(
                c, SyncData.createValuesVector(c, new int[0]), SyncData.createContextsVector(c, contexts));
        refused(
                FullSessions.finish(c, FullSessions.start(c, Mode.ModuleDelta), SessionPayload.SyncData, sync),
                "referenced too many times");
    }

    @Test
    void cleansReferencingOneLongIndexAreRefused() {
        FlatBufferBuilder b = new FlatBufferBuilder();
        int clean = DataClean.createDataClean(b, b.createString("wazuh-states-inventory-" + "c".repeat(232)));
        int[] refs = new int[40_000];
        Arrays.fill(refs, clean);
        int cleans = Cleans.createCleans(b, Cleans.createItemsVector(b, refs));
        refused(
                FullSessions.finish(b, FullSessions.start(b, Mode.ModuleDelta), SessionPayload.Cleans, cleans),
                "referenced too many times");
    }

    @Test
    void startFieldsAreCappedLikeTheFirstGeneration() {
        refused(start(Collections.nCopies(65, FullSessions.PACKAGES), null, null), "more than 64");
        refused(start(null, Collections.nCopies(129, "g"), null), "more than 128");
        refused(start(null, List.of("g".repeat(256)), null), "longer than 255");
        refused(start(List.of("i".repeat(256)), null, null), "longer than 255");
        refused(start(null, null, "h".repeat(1025)), "longer than 1024");
        // each string within its cap, all of them together over the Start's own
        refused(start(null, null, "s".repeat(1000)), "Start decodes to");
        refused(cleans("wazuh-states-inventory-" + "x".repeat(233)), "longer than 255");
        refused(checksum(FullSessions.PACKAGES, "c".repeat(1025)), "longer than 1024");
        refused(checksum("i".repeat(256), "c"), "longer than 255");
    }

    @Test
    void startFieldsAtTheirCapsPass() throws Exception {
        List<String> indices = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            indices.add("wazuh-states-inventory-index-" + i);
        }
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            groups.add("group-" + i);
        }
        MessageVerifier.verifyFullSession(ByteBuffer.wrap(start(indices, groups, null)));
        MessageVerifier.verifyFullSession(ByteBuffer.wrap(start(List.of("i".repeat(255)), null, "h".repeat(600))));
        MessageVerifier.verifyFullSession(ByteBuffer.wrap(cleans("wazuh-states-inventory-" + "x".repeat(232))));
        MessageVerifier.verifyFullSession(ByteBuffer.wrap(checksum("i".repeat(255), "c".repeat(1024))));
    }

    @Test
    void aHundredThousandValuesPassInDirectMemory() throws Exception {
        // ~450-byte package documents: a 50 MiB FullSession, verified where it was received
        ByteBuffer session = FullSessions.largeDirect(100_000, 450);
        assertThat(session.isDirect()).isTrue();
        assertThat(session.remaining()).isGreaterThan(50 << 20);
        int position = session.position();
        int limit = session.limit();
        MessageVerifier.verifyFullSession(session);
        assertThat(session.position()).isEqualTo(position);
        assertThat(session.limit()).isEqualTo(limit);
        SyncData data = (SyncData) FullSessionReader.session(session).payload(new SyncData());
        assertThat(data.valuesLength()).isEqualTo(100_000);
        assertThat(data.values(99_999).dataLength()).isEqualTo(450);
        printThroughput("100,000 upserts", session);
    }

    @Test
    void halfAMillionDeletesPassInDirectMemory() throws Exception {
        // the densest legitimate shape: SHA-1 ids, one shared index name, no documents
        ByteBuffer session = FullSessions.largeDirect(500_000, 0);
        MessageVerifier.verifyFullSession(session);
        SyncData data = (SyncData) FullSessionReader.session(session).payload(new SyncData());
        assertThat(data.valuesLength()).isEqualTo(500_000);
        assertThat(FullSessionReader.decodedSize(session)).isLessThanOrEqualTo(budget(session.remaining()));
        printThroughput("500,000 deletes", session);
    }

    /** For the record only, no timed assertion: the best of a few runs after the first. */
    private static void printThroughput(String what, ByteBuffer session) throws InvalidMessageException {
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
            long t0 = System.nanoTime();
            MessageVerifier.verifyFullSession(session);
            best = Math.min(best, System.nanoTime() - t0);
        }
        System.out.printf(
                "verifyFullSession, %s: %.1f MiB in %.1f ms, %.0f MB/s%n",
                what, session.remaining() / 1048576.0, best / 1e6, session.remaining() / (best / 1e3));
    }

    /** Random hostile shapes: accepted only when what they decode to is within the budget. */
    @Test
    void randomSharedReferencesAreRefusedOrBounded() {
        Random random = new Random(SEED);
        int refused = 0;
        int accepted = 0;
        for (int iteration = 0; iteration < 200; iteration++) {
            byte[] body = hostile(random);
            ByteBuffer buf = random.nextBoolean() ? ByteBuffer.wrap(body) : FullSessions.direct(body);
            try {
                MessageVerifier.verifyFullSession(buf);
            } catch (InvalidMessageException e) {
                refused++;
                continue;
            }
            accepted++;
            long decoded = FullSessionReader.decodedSize(buf);
            assertThat(decoded)
                    .as("iteration %d: %d bytes decode to %d", iteration, body.length, decoded)
                    .isLessThanOrEqualTo(budget(body.length));
        }
        assertThat(refused).isGreaterThan(20);
        assertThat(accepted).isGreaterThan(20);
    }

    private static long budget(int size) {
        return (long) size * MessageVerifier.EXPANSION_FACTOR + MessageVerifier.EXPANSION_SLACK;
    }

    private static byte[] hostile(Random random) {
        FlatBufferBuilder b = new FlatBufferBuilder(1024);
        int refs = 1 + random.nextInt(random.nextBoolean() ? 40 : 100_000);
        int length = random.nextInt(random.nextBoolean() ? 64 : MAX_BODY / 2 / Math.max(1, refs / 16 + 1));
        switch (random.nextInt(5)) {
            case 0 -> { // Start.index or groups: many references to one string
                int s = b.createString("wazuh-states-inventory-" + "x".repeat(Math.min(length, 300)));
                int[] r = new int[Math.min(refs, 200)];
                Arrays.fill(r, s);
                int vector = Start.createIndexVector(b, r);
                return session(b, random.nextBoolean() ? start(b, vector, 0, 0) : start(b, 0, vector, 0));
            }
            case 1 -> { // SyncData: references to one DataValue
                int value = DataValue.createDataValue(
                        b,
                        Operation.Upsert,
                        b.createString("id"),
                        b.createString("ix"),
                        1,
                        b.createByteVector(new byte[length]));
                int[] r = new int[Math.min(refs, (MAX_BODY - length) / 4)];
                Arrays.fill(r, value);
                return FullSessions.syncDataOf(b, r);
            }
            case 2 -> { // SyncData: distinct DataValues sharing id, index and data
                int id = b.createString("i".repeat(Math.min(length, 1000)));
                int data = b.createByteVector(new byte[length]);
                int[] r = new int[Math.min(refs, (MAX_BODY - length) / 64)];
                for (int i = 0; i < r.length; i++) {
                    r[i] = DataValue.createDataValue(b, Operation.Delete, id, id, i, data);
                }
                return FullSessions.syncDataOf(b, r);
            }
            case 3 -> { // SyncData: contexts referencing one DataContext
                int context = DataContext.createDataContext(
                        b, b.createString("c"), b.createString("ix"), b.createByteVector(new byte[length]));
                int[] r = new int[Math.min(refs, (MAX_BODY - length) / 4)];
                Arrays.fill(r, context);
                int sync = SyncData.createSyncData(b, 0, SyncData.createContextsVector(b, r));
                return FullSessions.finish(b, FullSessions.start(b, Mode.ModuleDelta), SessionPayload.SyncData, sync);
            }
            default -> { // Cleans: references to one DataClean with a shared index
                int clean = DataClean.createDataClean(b, b.createString("wazuh-" + "c".repeat(Math.min(length, 249))));
                int[] r = new int[Math.min(refs, MAX_BODY / 4)];
                Arrays.fill(r, clean);
                int cleans = Cleans.createCleans(b, Cleans.createItemsVector(b, r));
                return FullSessions.finish(b, FullSessions.start(b, Mode.ModuleDelta), SessionPayload.Cleans, cleans);
            }
        }
    }

    /** A FullSession without payload whose Start has these index names, groups and, when not null, every text field. */
    private static byte[] start(List<String> indices, List<String> groups, String text) {
        FlatBufferBuilder b = new FlatBufferBuilder();
        int index = indices == null ? 0 : Start.createIndexVector(b, strings(b, indices));
        int group = groups == null ? 0 : Start.createGroupsVector(b, strings(b, groups));
        return session(b, start(b, index, group, text == null ? 0 : b.createString(text)));
    }

    private static int[] strings(FlatBufferBuilder b, List<String> values) {
        int[] offsets = new int[values.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = b.createString(values.get(i));
        }
        return offsets;
    }

    /** A Start with the given index and groups vectors; {@code text}, when not 0, as every text field. */
    private static int start(FlatBufferBuilder b, int index, int groups, int text) {
        int agentid = text != 0 ? text : b.createString("001");
        int module = text != 0 ? text : b.createString("syscollector");
        int cluster = text != 0 ? text : b.createString("wazuh-cluster");
        return Start.createStart(
                b,
                module,
                Mode.MetadataDelta,
                index,
                (byte) 0,
                text,
                text,
                text,
                text,
                text,
                text,
                text,
                text,
                agentid,
                groups,
                0,
                cluster,
                0);
    }

    private static byte[] session(FlatBufferBuilder b, int start) {
        return FullSessions.finish(b, start, SessionPayload.NONE, 0);
    }

    private static byte[] cleans(String index) {
        FlatBufferBuilder b = new FlatBufferBuilder();
        int clean = DataClean.createDataClean(b, b.createString(index));
        int cleans = Cleans.createCleans(b, Cleans.createItemsVector(b, new int[] {clean}));
        return FullSessions.finish(b, FullSessions.start(b, Mode.ModuleDelta), SessionPayload.Cleans, cleans);
    }

    private static byte[] checksum(String index, String checksum) {
        FlatBufferBuilder b = new FlatBufferBuilder();
        int module = ChecksumModule.createChecksumModule(b, b.createString(index), b.createString(checksum));
        return FullSessions.finish(b, FullSessions.start(b, Mode.ModuleCheck), SessionPayload.ChecksumModule, module);
    }
}
