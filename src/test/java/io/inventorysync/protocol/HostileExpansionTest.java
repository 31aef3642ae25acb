package io.inventorysync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import Wazuh.SyncSchema.DataBatch;
import Wazuh.SyncSchema.DataClean;
import Wazuh.SyncSchema.DataValue;
import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Start;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Hostile but well-formed FlatBuffers (behaviour.md §12): shared strings, tables and vectors referenced many times,
 * maximal vectors, the deepest nesting the schema has. Each is refused, or what it decodes to stays within
 * {@link MessageVerifier#EXPANSION_FACTOR} × its size + {@link MessageVerifier#EXPANSION_SLACK}; ordinary messages
 * still pass. Property-based: random shapes from a fixed seed.
 */
class HostileExpansionTest {

    private static final int MAX_FRAME = 1 << 20;
    private static final long SEED = 0xB0B_5EEDL;

    @Test
    void theReportedStartIsRefused() {
        // 8,061 index entries pointing at one 32,500-byte allowlisted name: 64,872 bytes, 262 MB of Strings
        FlatBufferBuilder b = new FlatBufferBuilder();
        int name = b.createString("wazuh-states-inventory-" + "p".repeat(32_500 - 23));
        int[] refs = new int[8061];
        Arrays.fill(refs, name);
        byte[] body = start(b, Start.createIndexVector(b, refs), 0, 0);
        assertThat(body.length).isLessThan(70_000);
        assertThatThrownBy(() -> MessageVerifier.verify(body)).isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void aBatchOfReferencesToOneBigDataValueIsRefused() {
        // 524 KB of data referenced by every entry of a 1 MiB DataBatch: ~68 GB in one RocksDB write batch
        FlatBufferBuilder b = new FlatBufferBuilder(MAX_FRAME);
        int value = dataValue(
                b,
                0,
                b.createString("id"),
                b.createString("wazuh-states-inventory-packages"),
                b.createByteVector(new byte[524_000]));
        int[] refs = new int[(MAX_FRAME - 530_000) / 4];
        Arrays.fill(refs, value);
        byte[] body = HandMade.batch(b, refs);
        assertThat(body.length).isLessThanOrEqualTo(MAX_FRAME);
        assertThatThrownBy(() -> MessageVerifier.verify(body))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("referenced too many times");
    }

    @Test
    void distinctDataValuesSharingOneDataVectorCount() {
        FlatBufferBuilder b = new FlatBufferBuilder(MAX_FRAME);
        int data = b.createByteVector(new byte[200_000]);
        int id = b.createString("id");
        int index = b.createString("wazuh-states-inventory-packages");
        int[] values = new int[100];
        for (int i = 0; i < values.length; i++) {
            values[i] = dataValue(b, i, id, index, data);
        }
        byte[] body = HandMade.batch(b, values);
        assertThatThrownBy(() -> MessageVerifier.verify(body))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("referenced too many times");
    }

    @Test
    void startFieldsAreCappedInEntriesAndLength() {
        refusedStart(StartSpec.defaults().indices(repeat("wazuh-states-inventory-packages", 65)), "more than 64");
        refusedStart(StartSpec.defaults().groups(repeat("g", 129)), "more than 128");
        refusedStart(StartSpec.defaults().groups(List.of("g".repeat(256))), "longer than 255");
        refusedStart(StartSpec.defaults().hostname("h".repeat(1025)), "longer than 1024");
        // each field within its cap, all of them together over the Start's own cap
        refusedStart(
                StartSpec.defaults()
                        .hostname("h".repeat(1024))
                        .osname("o".repeat(1024))
                        .osversion("v".repeat(1024))
                        .agentname("n".repeat(1024))
                        .architecture("a".repeat(1024))
                        .ostype("t".repeat(1024))
                        .osplatform("p".repeat(1024))
                        .agentversion("v".repeat(1024))
                        .clusterNode("c".repeat(1024)),
                "more than 8192");
        assertThatThrownBy(() -> MessageVerifier.verify(
                        AgentMessages.dataClean(0, 1, "wazuh-states-inventory-" + "x".repeat(233))))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("longer than 255");
        assertThatThrownBy(() ->
                        MessageVerifier.verify(AgentMessages.checksumModule(1, "wazuh-states-sca", "c".repeat(1025))))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("longer than 1024");
    }

    @Test
    void ordinaryMessagesStillPass() throws Exception {
        for (byte[] body : Samples.all().values()) {
            MessageVerifier.verify(body);
        }
        List<String> indices = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            indices.add("wazuh-states-inventory-index-" + i);
        }
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            groups.add("group-" + i);
        }
        MessageVerifier.verify(
                AgentMessages.start(StartSpec.defaults().indices(indices).groups(groups)));
        MessageVerifier.verify(AgentMessages.dataClean(0, 1, "wazuh-states-inventory-" + "x".repeat(232)));
        // what agents send: DataBatches under 60 KiB of ~400-byte documents, and batches of small deletes up to 1 MiB
        byte[] doc = ("{\"package\":{\"name\":\"" + "n".repeat(360) + "\"}}").getBytes(StandardCharsets.UTF_8);
        MessageVerifier.verify(batchOf(
                140,
                i -> new DataValueSpec(i, 1, Operation.Upsert, "pkg-" + i, "wazuh-states-inventory-packages", 0, doc)));
        byte[] deletes = batchOf(
                11_000,
                i -> new DataValueSpec(i, 1, Operation.Delete, "p" + i, "wazuh-states-inventory-packages", 0, null));
        assertThat(deletes.length).isLessThanOrEqualTo(MAX_FRAME);
        MessageVerifier.verify(deletes);
        // the largest ReqRet the service sends, and one DataValue filling a frame
        List<SeqRange> ranges = new ArrayList<>();
        for (int i = 0; i < Responses.MAX_REQRET_RANGES; i++) {
            ranges.add(new SeqRange(2L * i, 2L * i));
        }
        MessageVerifier.verify(Responses.reqRet(1, ranges));
        MessageVerifier.verify(AgentMessages.dataValue(
                0, 1, Operation.Upsert, "id", "wazuh-states-inventory-packages", 0, new byte[MAX_FRAME - 200]));
    }

    /** Random hostile shapes: accepted only when what they decode to is within the bound. */
    @Test
    void randomSharedReferencesAreRefusedOrBounded() {
        Random random = new Random(SEED);
        int refused = 0;
        int accepted = 0;
        for (int iteration = 0; iteration < 300; iteration++) {
            byte[] body = hostile(random);
            assertThat(body.length).isLessThanOrEqualTo(MAX_FRAME);
            try {
                MessageVerifier.verify(body);
            } catch (InvalidMessageException e) {
                refused++;
                continue;
            }
            accepted++;
            long decoded = decodedSize(body);
            assertThat(decoded)
                    .as("iteration %d: %d bytes decode to %d", iteration, body.length, decoded)
                    .isLessThanOrEqualTo(
                            (long) body.length * MessageVerifier.EXPANSION_FACTOR + MessageVerifier.EXPANSION_SLACK);
        }
        // both sides of the bound must be exercised
        assertThat(refused).isGreaterThan(30);
        assertThat(accepted).isGreaterThan(30);
    }

    private static byte[] hostile(Random random) {
        FlatBufferBuilder b = new FlatBufferBuilder(1024);
        int refs = 1 + random.nextInt(random.nextBoolean() ? 40 : 40_000);
        int length = random.nextInt(random.nextBoolean() ? 64 : MAX_FRAME / 2 / Math.max(1, refs / 16 + 1));
        switch (random.nextInt(5)) {
            case 0 -> { // Start.index or groups: many references to one string
                int s = b.createString("wazuh-states-inventory-" + "x".repeat(length));
                int[] r = new int[Math.min(refs, MAX_FRAME / 8)];
                Arrays.fill(r, s);
                int vector = Start.createIndexVector(b, r);
                return random.nextBoolean() ? start(b, vector, 0, 0) : start(b, 0, vector, 0);
            }
            case 1 -> { // every Start string field the same string
                return start(b, 0, 0, b.createString("s".repeat(Math.min(length, 4096))));
            }
            case 2 -> { // DataBatch: references to one DataValue
                int value = dataValue(
                        b, 0, b.createString("id"), b.createString("ix"), b.createByteVector(new byte[length]));
                int[] r = new int[Math.min(refs, (MAX_FRAME - length - 256) / 4)];
                Arrays.fill(r, value);
                return HandMade.batch(b, r);
            }
            case 3 -> { // DataBatch: distinct DataValues sharing id, index and data
                int id = b.createString("i".repeat(Math.min(length, 1000)));
                int data = b.createByteVector(new byte[length]);
                int[] r = new int[Math.min(refs, (MAX_FRAME - length - 2000) / 64)];
                for (int i = 0; i < r.length; i++) {
                    r[i] = dataValue(b, i, id, id, data);
                }
                return HandMade.batch(b, r);
            }
            default -> { // DataClean at the nesting the schema allows, with a shared index string
                int index = b.createString("wazuh-states-inventory-" + "c".repeat(Math.min(length, 300)));
                int clean = DataClean.createDataClean(b, 0, 1, index);
                Message.finishMessageBuffer(b, Message.createMessage(b, MessageType.DataClean, clean));
                return b.sizedByteArray();
            }
        }
    }

    /** What a consumer decodes: every string and data byte it reads, each reference counted, through the generated accessors. */
    private static long decodedSize(byte[] body) {
        Message message = Message.getRootAsMessage(ByteBuffer.wrap(body));
        long size = 0;
        switch (message.contentType()) {
            case MessageType.Start -> {
                Start s = (Start) message.content(new Start());
                for (String text : new String[] {
                    s.module(),
                    s.architecture(),
                    s.hostname(),
                    s.osname(),
                    s.osplatform(),
                    s.ostype(),
                    s.osversion(),
                    s.agentversion(),
                    s.agentname(),
                    s.agentid(),
                    s.clusterName(),
                    s.clusterNode()
                }) {
                    size += text == null ? 0 : text.length();
                }
                for (int i = 0; i < s.indexLength(); i++) {
                    size += s.index(i).length();
                }
                for (int i = 0; i < s.groupsLength(); i++) {
                    size += s.groups(i).length();
                }
            }
            case MessageType.DataBatch -> {
                DataBatch batch = (DataBatch) message.content(new DataBatch());
                DataValue value = new DataValue();
                for (int i = 0; i < batch.valuesLength(); i++) {
                    batch.values(value, i);
                    // the stored item: header, RocksDB key, id, index and data
                    size += 22 + 41 + length(value.id()) + length(value.index()) + value.dataLength();
                }
            }
            case MessageType.DataClean -> size += length(((DataClean) message.content(new DataClean())).index());
            default -> throw new AssertionError("unexpected type " + message.contentType());
        }
        return size;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static void refusedStart(StartSpec spec, String reason) {
        assertThatThrownBy(() -> MessageVerifier.verify(AgentMessages.start(spec)))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining(reason);
    }

    private static List<String> repeat(String value, int times) {
        return Collections.nCopies(times, value);
    }

    private static byte[] batchOf(int n, IntFunction<DataValueSpec> value) {
        List<DataValueSpec> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(value.apply(i));
        }
        return AgentMessages.dataBatch(values);
    }

    /** A Start with the given index and groups vectors; {@code text}, when not 0, as every string field. */
    private static byte[] start(FlatBufferBuilder b, int index, int groups, int text) {
        int agentid = text != 0 ? text : b.createString("001");
        int module = text != 0 ? text : b.createString("syscollector");
        int start = Start.createStart(
                b,
                module,
                Mode.ModuleFull,
                10,
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
                text,
                text);
        Message.finishMessageBuffer(b, Message.createMessage(b, MessageType.Start, start));
        return b.sizedByteArray();
    }

    private static int dataValue(FlatBufferBuilder b, long seq, int id, int index, int data) {
        return DataValue.createDataValue(b, seq, 1, Operation.Upsert, id, index, 0, data);
    }
}
