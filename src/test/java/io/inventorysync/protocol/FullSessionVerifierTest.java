package io.inventorysync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import Wazuh.FullSessionSchema.ChecksumModule;
import Wazuh.FullSessionSchema.DataClean;
import Wazuh.FullSessionSchema.DataContext;
import Wazuh.FullSessionSchema.FullSession;
import Wazuh.FullSessionSchema.Message;
import Wazuh.FullSessionSchema.MessageType;
import Wazuh.FullSessionSchema.Mode;
import Wazuh.FullSessionSchema.Operation;
import Wazuh.FullSessionSchema.SessionPayload;
import Wazuh.FullSessionSchema.Start;
import Wazuh.FullSessionSchema.SyncData;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** The second generation ({@link MessageVerifier#verifyFullSession}): each refusal corrupts one thing. */
class FullSessionVerifierTest {

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(byte[] body) {
        return assertThatThrownBy(() -> MessageVerifier.verifyFullSession(ByteBuffer.wrap(body)))
                .isInstanceOf(InvalidMessageException.class);
    }

    private static void passes(byte[] body) throws InvalidMessageException {
        MessageVerifier.verifyFullSession(ByteBuffer.wrap(body));
    }

    private static Layout sample(String kind) {
        return new Layout(FullSessions.all().get(kind).clone());
    }

    private static int start(Layout l) {
        return l.deref(l.field(l.content(), 0));
    }

    private static int payloadTypeField(Layout l) {
        return l.field(l.content(), 1);
    }

    private static int payload(Layout l) {
        return l.deref(l.field(l.content(), 2));
    }

    /** The vector of SyncData's slot {@code slot} (0: values, 1: contexts). */
    private static int syncVector(Layout l, int slot) {
        return l.deref(l.field(payload(l), slot));
    }

    private static int firstValue(Layout l) {
        return l.deref(syncVector(l, 0) + 4);
    }

    @Test
    void everyPayloadKindPassesOnHeapDirectAndPositionedBuffers() {
        FullSessions.all().forEach((kind, body) -> {
            assertThatCode(() -> passes(body)).as(kind).doesNotThrowAnyException();
            assertThatCode(() -> MessageVerifier.verifyFullSession(FullSessions.direct(body)))
                    .as("%s direct", kind)
                    .doesNotThrowAnyException();
            byte[] padded = new byte[body.length + 11];
            System.arraycopy(body, 0, padded, 8, body.length);
            assertThatCode(() -> MessageVerifier.verifyFullSession(ByteBuffer.wrap(padded, 8, body.length)))
                    .as("%s at position 8", kind)
                    .doesNotThrowAnyException();
        });
        for (byte kind : new byte[] {
            0, FullSessionHandMade.SYNC_DATA, FullSessionHandMade.CLEANS, FullSessionHandMade.CHECKSUM_MODULE
        }) {
            assertThatCode(() -> passes(FullSessionHandMade.rawSession(kind)))
                    .as("hand-made payload %d", kind)
                    .doesNotThrowAnyException();
        }
        assertThatCode(() -> passes(FullSessionHandMade.session(77))).doesNotThrowAnyException();
    }

    @Test
    void whatPassesReadsAsWritten() throws Exception {
        byte[] body = FullSessions.syncData(3, 2);
        passes(body);
        FullSession session = FullSessionReader.session(ByteBuffer.wrap(body));
        assertThat(session.start().clusterName()).isEqualTo("wazuh-cluster");
        SyncData data = (SyncData) session.payload(new SyncData());
        assertThat(data.valuesLength()).isEqualTo(3);
        assertThat(data.values(1).operation()).isEqualTo(Operation.Delete);
        assertThat(data.contextsLength()).isEqualTo(2);
        assertThat(data.contexts(1).id()).isEqualTo("ctx-1");
        FullSession none = FullSessionReader.session(ByteBuffer.wrap(FullSessions.noPayload(Mode.GroupCheck)));
        assertThat(none.payloadType()).isEqualTo(SessionPayload.NONE);
    }

    @Test
    void emptyAndTinyBuffers() {
        refused(new byte[0]).hasMessageContaining("shorter than the minimum").hasMessageContaining("at offset 0");
        refused(new byte[11]).hasMessageContaining("shorter than the minimum");
        refused(new byte[12]).hasMessageContaining("root offset is zero");
    }

    @Test
    void everyTruncationIsRefusedUnlessOnlyTrailingPaddingIsCut() {
        Map<String, byte[]> bodies = FullSessions.all();
        bodies.put("hand-made", FullSessionHandMade.session(5));
        bodies.forEach((kind, body) -> {
            long expected = FullSessionReader.readAll(ByteBuffer.wrap(body));
            for (int length = 0; length < body.length; length++) {
                ByteBuffer truncated = ByteBuffer.wrap(body, 0, length);
                try {
                    MessageVerifier.verifyFullSession(truncated);
                } catch (InvalidMessageException refused) {
                    continue;
                }
                for (int i = length; i < body.length; i++) {
                    assertThat(body[i])
                            .as("%s cut at %d drops a non-padding byte", kind, length)
                            .isZero();
                }
                assertThat(body.length - length)
                        .as("%s cut at %d", kind, length)
                        .isLessThan(8);
                assertThat(FullSessionReader.readAll(truncated)).isEqualTo(expected);
            }
        });
    }

    @Test
    void rootOffsetOutOfBoundsZeroOrMisaligned() {
        Layout l = sample("Cleans");
        refused(l.putInt(0, l.body.length).body)
                .hasMessageContaining("root offset")
                .hasMessageContaining("past the end");
        refused(sample("Cleans").putInt(0, 0xFFFF_FFF0).body).hasMessageContaining("root offset");
        refused(sample("Cleans").putInt(0, 0).body).hasMessageContaining("root offset is zero");
        Layout shifted = sample("Cleans");
        refused(shifted.putInt(0, shifted.root() + 2).body).hasMessageContaining("misaligned");
    }

    @Test
    void tableFieldOffsetsOutOfBoundsZeroOrMisaligned() {
        Layout l = sample("SyncData");
        int startField = l.field(l.content(), 0);
        refused(l.putInt(startField, 0).body).hasMessageContaining("table offset is zero");
        refused(sample("SyncData").putInt(startField, l.body.length).body)
                .hasMessageContaining("table offset")
                .hasMessageContaining("past the end")
                .hasMessageContaining("in FullSession.start");
        Layout m = sample("SyncData");
        refused(m.putInt(startField, m.bb.getInt(startField) + 2).body)
                .hasMessageContaining("Start table is outside the buffer or misaligned");
        Layout payload = sample("SyncData");
        int payloadField = payload.field(payload.content(), 2);
        refused(payload.putInt(payloadField, payload.bb.getInt(payloadField) + 4).body)
                .hasMessageContaining("SyncData");
        Layout value = sample("SyncData");
        int element = syncVector(value, 0) + 4;
        refused(value.putInt(element, value.body.length).body)
                .hasMessageContaining("table offset")
                .hasMessageContaining("past the end")
                .hasMessageContaining("in SyncData.values");
    }

    @Test
    void vtableOutOfBounds() {
        Layout l = sample("SyncData");
        int session = l.content();
        refused(l.putInt(session, session + 64).body)
                .hasMessageContaining("FullSession vtable")
                .hasMessageContaining("outside the buffer");
        Layout s = sample("SyncData");
        refused(s.putInt(start(s), Integer.MIN_VALUE).body).hasMessageContaining("Start vtable");
        Layout v = sample("SyncData");
        refused(v.putInt(firstValue(v), -v.body.length).body).hasMessageContaining("DataValue vtable");
    }

    @Test
    void vtableSizeMustBeEvenAtLeastFourAndInside() {
        Layout l = sample("SyncData");
        int vt = l.vtable(start(l));
        refused(l.putShort(vt, 5).body).hasMessageContaining("Start vtable size 5");
        refused(sample("SyncData").putShort(vt, 2).body).hasMessageContaining("vtable size 2");
        refused(sample("SyncData").putShort(vt, 0).body).hasMessageContaining("vtable size 0");
        refused(sample("SyncData").putShort(vt, 0xFFFE).body).hasMessageContaining("vtable size 65534");
        refused(sample("SyncData").putShort(vt, 0x7FFE).body).hasMessageContaining("runs past the end");
        Layout odd = sample("SyncData");
        int table = start(odd);
        refused(odd.putInt(table, odd.bb.getInt(table) - 1).body).hasMessageContaining("Start vtable is misaligned");
    }

    @Test
    void objectSizeMustFitAndContainFields() {
        int vt = FullSessionHandMade.START_TABLE - 36;
        refused(new Layout(FullSessionHandMade.session(7)).putShort(vt + 2, 0x7000).body)
                .hasMessageContaining("Start object of 28672 bytes runs past the end");
        refused(new Layout(FullSessionHandMade.session(7)).putShort(vt + 2, 2).body)
                .hasMessageContaining("Start object size 2");
        refused(new Layout(FullSessionHandMade.session(7)).putShort(vt + 2, 8).body)
                .hasMessageContaining("Start.global_version at table offset 8 lies outside the object of 8 bytes");
        Layout far = new Layout(FullSessionHandMade.session(7));
        refused(far.putShort(far.vtableEntry(FullSessionHandMade.START_TABLE, 14), 0x9000).body)
                .hasMessageContaining("lies outside the object");
        Layout low = new Layout(FullSessionHandMade.session(7));
        refused(low.putShort(low.vtableEntry(FullSessionHandMade.FULL_SESSION_TABLE, 0), 2).body)
                .hasMessageContaining("FullSession.start at table offset 2 lies outside the object");
    }

    @Test
    void misalignedFields() throws Exception {
        passes(FullSessionHandMade.session(77)); // sanity: the hand-made buffer is valid
        Layout scalar = new Layout(FullSessionHandMade.session(77));
        refused(scalar.putShort(scalar.vtableEntry(FullSessionHandMade.START_TABLE, 14), 4).body)
                .hasMessageContaining("Start.global_version is misaligned for its 8-byte type");
        Layout table = new Layout(FullSessionHandMade.session(77));
        refused(table.putShort(table.vtableEntry(FullSessionHandMade.FULL_SESSION_TABLE, 0), 6).body)
                .hasMessageContaining("FullSession.start is misaligned for its 4-byte type");
        Layout content = new Layout(FullSessionHandMade.session(77));
        refused(content.putShort(content.vtableEntry(content.root(), 1), 6).body)
                .hasMessageContaining("Message.content is misaligned for its 4-byte type");
    }

    @Test
    void stringsWithoutNulTerminator() {
        Layout start = sample("SyncData");
        int text = start.find("wazuh-cluster");
        refused(start.put(text + "wazuh-cluster".length(), 'x').body).hasMessageContaining("not NUL-terminated");
        Layout value = sample("SyncData");
        int id = value.find("id-2");
        refused(value.put(id + 4, 'x').body)
                .hasMessageContaining("not NUL-terminated")
                .hasMessageContaining("DataValue.id");
    }

    @Test
    void stringLengthPastEnd() {
        Layout l = sample("ChecksumModule");
        int length = l.find("d41d8cd98f00b204") - 4;
        refused(l.putInt(length, l.body.length).body)
                .hasMessageContaining("string of")
                .hasMessageContaining("runs past the end");
        refused(sample("ChecksumModule").putInt(length, -1).body).hasMessageContaining("runs past the end");
        Layout exact = sample("ChecksumModule");
        refused(exact.putInt(length, exact.body.length - length - 4).body).hasMessageContaining("runs past the end");
    }

    @Test
    void stringOffsetZeroMisalignedOrOutside() {
        Layout l = sample("ChecksumModule");
        int field = l.field(payload(l), 1);
        refused(l.putInt(field, 0).body).hasMessageContaining("string offset is zero");
        Layout m = sample("ChecksumModule");
        refused(m.putInt(field, m.bb.getInt(field) + 1).body).hasMessageContaining("string length is misaligned");
        Layout o = sample("ChecksumModule");
        refused(o.putInt(field, o.body.length).body)
                .hasMessageContaining("string offset")
                .hasMessageContaining("past the end")
                .hasMessageContaining("ChecksumModule.checksum");
    }

    @Test
    void invalidUtf8() {
        int[][] bad = {{0xFF}, {0xC0, 0x80}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80}, {0x80}, {0xE2, 0x28}};
        for (String[] where : new String[][] {
            {"ChecksumModule", "d41d8cd98f00b204"}, {"SyncData", "id-1"}, {"SyncData", "Ubuntu"}, {"Cleans", "hotfixes"}
        }) {
            for (int[] sequence : bad) {
                Layout l = sample(where[0]);
                int text = l.find(where[1]);
                for (int i = 0; i < sequence.length; i++) {
                    l.put(text + i, sequence[i]);
                }
                refused(l.body)
                        .as("%s in %s", Arrays.toString(sequence), where[1])
                        .hasMessageContaining("UTF-8");
            }
        }
        Layout cut = sample("ChecksumModule");
        int text = cut.find("d41d8cd98f00b204");
        cut.put(text + 15, 0xE2);
        refused(cut.body).hasMessageContaining("ends inside a UTF-8 sequence");
    }

    @Test
    void vectorLengthOverflow() {
        Layout data = sample("SyncData");
        int bytes = data.deref(data.field(firstValue(data), 4));
        refused(data.putInt(bytes, -1).body).hasMessageContaining("vector of 4294967295 elements");
        Layout values = sample("SyncData");
        // 0x40000001 * 4 overflows 32 bits to 4: must still be refused
        refused(values.putInt(syncVector(values, 0), 0x4000_0001).body)
                .hasMessageContaining("vector of 1073741825 elements of 4 bytes");
        Layout contexts = sample("SyncData");
        refused(contexts.putInt(syncVector(contexts, 1), 0x4000_0001).body)
                .hasMessageContaining("vector of 1073741825 elements of 4 bytes")
                .hasMessageContaining("SyncData.contexts");
        Layout index = sample("SyncData");
        int vector = index.deref(index.field(start(index), 2));
        refused(index.putInt(vector, 0x4000_0000).body).hasMessageContaining("runs past the end");
        Layout items = sample("Cleans");
        refused(items.putInt(items.deref(items.field(payload(items), 0)), -4).body)
                .hasMessageContaining("Cleans.items");
    }

    @Test
    void unknownUnionTypes() {
        for (int type : new int[] {7, 10, 127, 0xC8, 0xFF}) {
            Layout l = sample("SyncData");
            refused(l.put(l.contentTypeField(), type).body)
                    .hasMessageContaining("Message union type " + type + " is unknown (expected 1..6)");
        }
        for (int type : new int[] {4, 6, 0x80, 0xFF}) {
            Layout l = sample("SyncData");
            refused(l.put(payloadTypeField(l), type).body)
                    .hasMessageContaining("FullSession union type " + type + " is unknown (expected 1..3)");
        }
    }

    @Test
    void noneWithAValueAndATypeWithoutValueAreRefusedAnEmptyPayloadIsNot() throws Exception {
        Layout root = sample("Cleans");
        refused(root.put(root.contentTypeField(), 0).body)
                .hasMessageContaining("Message union type is NONE but a value is present");
        Layout payload = sample("Cleans");
        refused(payload.put(payloadTypeField(payload), 0).body)
                .hasMessageContaining("FullSession union type is NONE but a value is present");

        FlatBufferBuilder empty = new FlatBufferBuilder();
        empty.startTable(2);
        empty.finish(empty.endTable());
        refused(empty.sizedByteArray()).hasMessageContaining("Message union is empty (type NONE)");

        FlatBufferBuilder noContent = new FlatBufferBuilder();
        Message.startMessage(noContent);
        Message.addContentType(noContent, MessageType.FullSession);
        Message.finishMessageBuffer(noContent, Message.endMessage(noContent));
        refused(noContent.sizedByteArray()).hasMessageContaining("Message union type FullSession has no value");

        FlatBufferBuilder noPayload = new FlatBufferBuilder();
        refused(FullSessions.finish(
                        noPayload, FullSessions.start(noPayload, Mode.ModuleDelta), SessionPayload.Cleans, 0))
                .hasMessageContaining("FullSession union type Cleans has no value");

        passes(FullSessions.noPayload(Mode.MetadataCheck));
        FlatBufferBuilder bare = new FlatBufferBuilder();
        passes(FullSessions.finish(bare, 0, SessionPayload.NONE, 0)); // no start either: the caller's 400
    }

    @Test
    void otherContentTypesAreNotFullSessions() {
        FlatBufferBuilder b = new FlatBufferBuilder();
        byte[] start = message(b, MessageType.Start, FullSessions.start(b, Mode.ModuleDelta));
        refused(start).hasMessageContaining("content is a Start, not a FullSession");
        b = new FlatBufferBuilder();
        byte[] value = message(b, MessageType.DataValue, FullSessions.dataValue(b, 1, Operation.Upsert, "ix", null));
        refused(value).hasMessageContaining("content is a DataValue, not a FullSession");
        b = new FlatBufferBuilder();
        byte[] clean = message(b, MessageType.DataClean, DataClean.createDataClean(b, b.createString("ix")));
        refused(clean).hasMessageContaining("content is a DataClean, not a FullSession");
        b = new FlatBufferBuilder();
        byte[] checksum =
                message(b, MessageType.ChecksumModule, ChecksumModule.createChecksumModule(b, b.createString("ix"), 0));
        refused(checksum).hasMessageContaining("content is a ChecksumModule, not a FullSession");
        b = new FlatBufferBuilder();
        byte[] context =
                message(b, MessageType.DataContext, DataContext.createDataContext(b, b.createString("c"), 0, 0));
        refused(context).hasMessageContaining("content is a DataContext, not a FullSession");
        // malformed content of another type is refused as malformed, like any union member
        Layout badStart = new Layout(start);
        int text = badStart.find("Ubuntu");
        refused(badStart.put(text, 0xFF).body).hasMessageContaining("UTF-8");
    }

    private static byte[] message(FlatBufferBuilder b, byte type, int content) {
        Message.finishMessageBuffer(b, Message.createMessage(b, type, content));
        return b.sizedByteArray();
    }

    @Test
    void firstGenerationEndIsNotAFullSession() {
        // content_type 6 is End there: its session id lands in FullSession.start's slot as an offset
        refused(HandMade.end(77)).hasMessageContaining("FullSession.start");
        refused(AgentMessages.end(77)).hasMessageContaining("FullSession.start");
        Random random = new Random(6);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            long session = i < 10_000 ? i + 1 : random.nextLong();
            byte[] end = AgentMessages.end(session);
            try {
                MessageVerifier.verifyFullSession(ByteBuffer.wrap(end));
            } catch (InvalidMessageException refused) {
                continue;
            }
            // only when its low 32 bits happen to point at something Start-shaped; reading it must still be safe
            accepted++;
            assertThatCode(() -> FullSessionReader.readAll(ByteBuffer.wrap(end)))
                    .as("End{%d}", session)
                    .doesNotThrowAnyException();
        }
        assertThat(accepted).isLessThan(10);
        // an End without session is an empty table: a FullSession without start or payload, which the caller refuses
        byte[] empty = AgentMessages.end(0);
        assertThatCode(() -> passes(empty)).doesNotThrowAnyException();
        FullSession session = FullSessionReader.session(ByteBuffer.wrap(empty));
        assertThat(session.start()).isNull();
        assertThat(session.payloadType()).isEqualTo(SessionPayload.NONE);
    }

    @Test
    void firstGenerationSamplesAreRefused() {
        Samples.all().forEach((type, body) -> refused(body).as(type));
    }

    @Test
    void unionRelabelingIsRefusedOrSafeToRead() {
        int accepted = 0;
        for (Map.Entry<String, byte[]> sample : FullSessions.all().entrySet()) {
            for (int type = 0; type <= 3; type++) {
                Layout l = new Layout(sample.getValue().clone());
                if (payloadTypeField(l) < 0) {
                    continue;
                }
                l.put(payloadTypeField(l), type);
                try {
                    passes(l.body);
                } catch (InvalidMessageException refused) {
                    continue;
                }
                accepted++;
                assertThatCode(() -> FullSessionReader.readAll(ByteBuffer.wrap(l.body)))
                        .as("%s payload read as type %d", sample.getKey(), type)
                        .doesNotThrowAnyException();
            }
            for (int type = 1; type <= 5; type++) {
                Layout l = new Layout(sample.getValue().clone());
                refused(l.put(l.contentTypeField(), type).body).as("%s as type %d", sample.getKey(), type);
            }
        }
        assertThat(accepted).isGreaterThanOrEqualTo(3); // each kind as itself
    }

    @Test
    void tableCountAndDepthAreBounded() throws Exception {
        // Message + FullSession + Start + SyncData + 10 DataValues
        ByteBuffer session = ByteBuffer.wrap(FullSessions.syncData(10, 0));
        MessageVerifier.verifyFullSession(session, 64, 14);
        assertThatThrownBy(() -> MessageVerifier.verifyFullSession(session, 64, 13))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("more than 13 tables");
        MessageVerifier.verifyFullSession(session, 4, 1000);
        assertThatThrownBy(() -> MessageVerifier.verifyFullSession(session, 3, 1000))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("DataValue nested deeper than 3");
        assertThatThrownBy(() -> MessageVerifier.verifyFullSession(session, 1, 1000))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("FullSession nested deeper than 1");
    }

    @Test
    void theTableCapScalesWithTheBuffer() {
        assertThat(MessageVerifier.fullSessionMaxTables(0)).isEqualTo(MessageVerifier.MAX_TABLES);
        assertThat(MessageVerifier.fullSessionMaxTables(1 << 20)).isEqualTo(MessageVerifier.MAX_TABLES);
        assertThat(MessageVerifier.fullSessionMaxTables(256 << 20)).isEqualTo(16 << 20);
        assertThat(MessageVerifier.fullSessionMaxTables(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE / 16);
    }

    @Test
    void sharedTablesAreVerifiedAndCountedEachTime() throws Exception {
        FlatBufferBuilder b = new FlatBufferBuilder();
        int value = FullSessions.dataValue(b, 1, Operation.Upsert, "x".repeat(100), null);
        int[] refs = new int[50];
        Arrays.fill(refs, value);
        byte[] body = FullSessions.syncDataOf(b, refs);
        passes(body);
        // 50 references + Message, FullSession, Start, SyncData
        MessageVerifier.verifyFullSession(ByteBuffer.wrap(body), 64, 54);
        assertThatThrownBy(() -> MessageVerifier.verifyFullSession(ByteBuffer.wrap(body), 64, 53))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("more than 53 tables");
    }

    @Test
    void sharedStringAmplificationIsBounded() {
        // two DataValues with 20 KB ids referenced alternately 4000 times: 80 MB of UTF-8 for a 60 KB body
        FlatBufferBuilder b = new FlatBufferBuilder();
        int first = FullSessions.dataValue(b, 1, Operation.Upsert, "a".repeat(20_000), null);
        int second = FullSessions.dataValue(b, 2, Operation.Upsert, "b".repeat(20_000), null);
        int[] refs = new int[4000];
        for (int i = 0; i < refs.length; i++) {
            refs[i] = i % 2 == 0 ? first : second;
        }
        refused(FullSessions.syncDataOf(b, refs)).hasMessageContaining("referenced too many times");
    }

    @Test
    void positionLimitAndOrderAreLeftAloneAndOffsetsAreRelativeToThePosition() throws Exception {
        byte[] body = FullSessions.syncData(2, 1);
        ByteBuffer direct = ByteBuffer.allocateDirect(body.length + 24).order(ByteOrder.BIG_ENDIAN);
        direct.position(16);
        direct.put(body);
        direct.position(16).limit(16 + body.length);
        MessageVerifier.verifyFullSession(direct);
        assertThat(direct.position()).isEqualTo(16);
        assertThat(direct.limit()).isEqualTo(16 + body.length);
        assertThat(direct.order()).isEqualTo(ByteOrder.BIG_ENDIAN);

        Layout l = sample("Cleans");
        l.putInt(0, 0);
        byte[] padded = new byte[l.body.length + 16];
        System.arraycopy(l.body, 0, padded, 16, l.body.length);
        ByteBuffer positioned = ByteBuffer.wrap(padded, 16, l.body.length);
        assertThatThrownBy(() -> MessageVerifier.verifyFullSession(positioned))
                .isInstanceOf(InvalidMessageException.class)
                .satisfies(
                        e -> assertThat(((InvalidMessageException) e).offset()).isZero());
        assertThat(positioned.position()).isEqualTo(16);
    }

    @Test
    void randomGarbageIsRefused() {
        Random random = new Random(43);
        for (int i = 0; i < 5000; i++) {
            byte[] garbage = new byte[random.nextInt(300)];
            random.nextBytes(garbage);
            refused(garbage);
        }
    }

    @Test
    void enumValuesOutsideTheSchemaAreLeftToTheCaller() throws Exception {
        FlatBufferBuilder b = new FlatBufferBuilder();
        int value = FullSessions.dataValue(b, 1, (byte) 7, "ix", null);
        passes(FullSessions.syncDataOf(b, new int[] {value}));
        Layout mode = new Layout(FullSessions.noPayload(Mode.GroupDelta));
        int modeField = mode.field(start(mode), 1);
        passes(mode.put(modeField, 99).body);
        Start start = FullSessionReader.session(ByteBuffer.wrap(mode.body)).start();
        assertThat(start.mode()).isEqualTo((byte) 99);
    }
}
