package io.inventorysync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Status;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Refusals: each corrupts one thing in an otherwise valid body. */
class MessageVerifierTest {

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(byte[] body) {
        return assertThatThrownBy(() -> MessageVerifier.verify(ByteBuffer.wrap(body)))
                .isInstanceOf(InvalidMessageException.class);
    }

    private static Layout sample(String type) {
        return new Layout(Samples.all().get(type).clone());
    }

    @Test
    void allSamplesPass() {
        Samples.all()
                .forEach((type, body) -> assertThatCode(() -> MessageVerifier.verify(body))
                        .as(type)
                        .doesNotThrowAnyException());
    }

    @Test
    void emptyAndTinyBuffers() {
        refused(new byte[0]).hasMessageContaining("shorter than the minimum").hasMessageContaining("at offset 0");
        refused(new byte[11]).hasMessageContaining("shorter than the minimum");
        refused(new byte[12]).hasMessageContaining("root offset is zero");
    }

    @Test
    void everyTruncationIsRefusedUnlessOnlyTrailingPaddingIsCut() {
        Samples.all().forEach((type, body) -> {
            long expected = MessageReader.readAll(ByteBuffer.wrap(body));
            for (int length = 0; length < body.length; length++) {
                ByteBuffer truncated = ByteBuffer.wrap(body, 0, length);
                try {
                    MessageVerifier.verify(truncated);
                } catch (InvalidMessageException refused) {
                    continue;
                }
                // The builder pads after the first string it wrote; losing only that padding loses nothing.
                for (int i = length; i < body.length; i++) {
                    assertThat(body[i])
                            .as("%s cut at %d drops a non-padding byte", type, length)
                            .isZero();
                }
                assertThat(body.length - length)
                        .as("%s cut at %d", type, length)
                        .isLessThan(8);
                assertThat(MessageReader.readAll(truncated)).isEqualTo(expected);
            }
        });
    }

    @Test
    void rootOffsetOutOfBoundsZeroOrMisaligned() {
        Layout end = sample("End");
        refused(end.putInt(0, end.body.length).body)
                .hasMessageContaining("root offset")
                .hasMessageContaining("past the end");
        refused(sample("End").putInt(0, 0xFFFF_FFF0).body).hasMessageContaining("root offset");
        refused(sample("End").putInt(0, 0).body).hasMessageContaining("root offset is zero");
        Layout shifted = sample("Start");
        refused(shifted.putInt(0, shifted.root() + 2).body).hasMessageContaining("misaligned");
    }

    @Test
    void vtableOutOfBounds() {
        Layout l = sample("DataValue");
        int root = l.root();
        refused(l.putInt(root, root + 64).body)
                .hasMessageContaining("vtable")
                .hasMessageContaining("outside the buffer");
        Layout l2 = sample("DataValue");
        refused(l2.putInt(l2.root(), -l2.body.length).body)
                .hasMessageContaining("vtable")
                .hasMessageContaining("outside");
        Layout l3 = sample("DataValue");
        int table = l3.content();
        refused(l3.putInt(table, Integer.MIN_VALUE).body).hasMessageContaining("DataValue vtable");
    }

    @Test
    void vtableSizeMustBeEvenAtLeastFourAndInside() {
        Layout l = sample("DataValue");
        int vt = l.vtable(l.content());
        refused(l.putShort(vt, 5).body).hasMessageContaining("vtable size 5");
        refused(sample("DataValue").putShort(vt, 2).body).hasMessageContaining("vtable size 2");
        refused(sample("DataValue").putShort(vt, 0).body).hasMessageContaining("vtable size 0");
        refused(sample("DataValue").putShort(vt, 0xFFFE).body).hasMessageContaining("vtable size 65534");
        refused(sample("DataValue").putShort(vt, 0x7FFE).body).hasMessageContaining("runs past the end");
        Layout odd = sample("DataValue");
        int table = odd.content();
        refused(odd.putInt(table, odd.bb.getInt(table) - 1).body).hasMessageContaining("vtable is misaligned");
    }

    @Test
    void objectSizeMustFitAndContainFields() {
        Layout l = sample("End");
        int vt = l.vtable(l.content());
        refused(l.putShort(vt + 2, 0x7000).body).hasMessageContaining("End object of 28672 bytes runs past the end");
        refused(sample("End").putShort(vt + 2, 2).body).hasMessageContaining("object size 2");
        refused(sample("End").putShort(vt + 2, 8).body).hasMessageContaining("lies outside the object");
        Layout far = sample("End");
        refused(far.putShort(far.vtableEntry(far.content(), 0), 0x9000).body)
                .hasMessageContaining("lies outside the object");
        Layout low = sample("End");
        refused(low.putShort(low.vtableEntry(low.content(), 0), 2).body)
                .hasMessageContaining("lies outside the object");
    }

    @Test
    void misalignedScalarField() throws Exception {
        byte[] body = HandMade.end(77);
        MessageVerifier.verify(body); // sanity: the hand-made buffer is valid
        Layout l = new Layout(body);
        refused(l.putShort(l.vtableEntry(l.content(), 0), 4).body)
                .hasMessageContaining("End.session is misaligned for its 8-byte type");
    }

    @Test
    void stringWithoutNulTerminator() {
        Layout l = sample("Start");
        int text = l.find("master-node");
        refused(l.put(text + "master-node".length(), 'x').body).hasMessageContaining("not NUL-terminated");
    }

    @Test
    void stringLengthPastEnd() {
        Layout l = sample("DataClean");
        int length = l.find("wazuh-states-inventory-hotfixes") - 4;
        refused(l.putInt(length, l.body.length).body)
                .hasMessageContaining("string of")
                .hasMessageContaining("runs past the end");
        Layout huge = sample("DataClean");
        refused(huge.putInt(length, -1).body).hasMessageContaining("runs past the end");
        Layout exact = sample("DataClean");
        // text would end exactly at the buffer end: no room for the NUL
        refused(exact.putInt(length, exact.body.length - length - 4).body).hasMessageContaining("runs past the end");
    }

    @Test
    void stringOffsetZeroMisalignedOrOutside() {
        Layout l = sample("DataClean");
        int field = l.field(l.content(), 2);
        refused(l.putInt(field, 0).body).hasMessageContaining("string offset is zero");
        Layout m = sample("DataClean");
        refused(m.putInt(field, m.bb.getInt(field) + 1).body).hasMessageContaining("string length is misaligned");
        Layout o = sample("DataClean");
        refused(o.putInt(field, o.body.length).body)
                .hasMessageContaining("string offset")
                .hasMessageContaining("past the end");
    }

    @Test
    void invalidUtf8() {
        for (int[] bad :
                new int[][] {{0xFF}, {0xC0, 0x80}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80}, {0x80}, {0xE2, 0x28}
                }) {
            Layout l = sample("ChecksumModule");
            int text = l.find("d41d8cd98f00b204");
            for (int i = 0; i < bad.length; i++) {
                l.put(text + i, bad[i]);
            }
            refused(l.body).hasMessageContaining("UTF-8");
        }
        Layout cut = sample("ChecksumModule");
        int text = cut.find("d41d8cd98f00b204");
        cut.put(text + 15, 0xE2); // a 3-byte sequence starting at the last byte of the string
        refused(cut.body).hasMessageContaining("ends inside a UTF-8 sequence");
    }

    @Test
    void vectorLengthOverflow() {
        Layout l = sample("DataValue");
        int data = l.deref(l.field(l.content(), 6));
        refused(l.putInt(data, -1).body).hasMessageContaining("vector of 4294967295 elements");
        Layout batch = sample("DataBatch");
        int values = batch.deref(batch.field(batch.content(), 0));
        // 0x40000001 * 4 overflows 32 bits to 4: must still be refused
        refused(batch.putInt(values, 0x4000_0001).body)
                .hasMessageContaining("vector of 1073741825 elements of 4 bytes");
        Layout strings = sample("Start");
        int index = strings.deref(strings.field(strings.content(), 3));
        refused(strings.putInt(index, 0x4000_0000).body).hasMessageContaining("runs past the end");
    }

    @Test
    void unknownUnionType() {
        for (int type : new int[] {11, 127, 0xC8, 0xFF}) {
            Layout l = sample("End");
            refused(l.put(l.contentTypeField(), type).body).hasMessageContaining("union type " + type + " is unknown");
        }
    }

    @Test
    void unionNoneIsRefused() {
        Layout l = sample("DataValue");
        refused(l.put(l.contentTypeField(), 0).body).hasMessageContaining("union type is NONE but a value is present");

        FlatBufferBuilder empty = new FlatBufferBuilder();
        empty.startTable(2);
        empty.finish(empty.endTable());
        refused(empty.sizedByteArray()).hasMessageContaining("union is empty (type NONE)");

        FlatBufferBuilder noValue = new FlatBufferBuilder();
        noValue.startTable(2);
        noValue.addByte(0, MessageType.End, 0);
        noValue.finish(noValue.endTable());
        refused(noValue.sizedByteArray()).hasMessageContaining("union type End has no value");
    }

    @Test
    void unionTypeMismatchedWithContentIsRefusedWhereDetectable() {
        byte[] value = AgentMessages.dataValue(0x7FFF_FFF0_7FFF_FFF0L, 1, Operation.Upsert, "a", "b", 0, null);
        Layout asStart = new Layout(value);
        refused(asStart.put(asStart.contentTypeField(), MessageType.Start).body).hasMessageContaining("Start");

        Layout ackAsClean =
                new Layout(Responses.startAck(Status.Error, 77)); // status byte in DataClean's 8-byte seq slot
        refused(ackAsClean.put(ackAsClean.contentTypeField(), MessageType.DataClean).body)
                .hasMessageContaining("DataClean");

        // Relabeling may go undetected only when the bytes are a valid instance of the other table too;
        // then reading it through the generated accessors must still be safe.
        for (Map.Entry<String, byte[]> sample : Samples.all().entrySet()) {
            for (int type = 1; type <= 10; type++) {
                Layout l = new Layout(sample.getValue().clone());
                l.put(l.contentTypeField(), type);
                try {
                    MessageVerifier.verify(l.body);
                } catch (InvalidMessageException refused) {
                    continue;
                }
                assertThatCode(() -> MessageReader.readAll(ByteBuffer.wrap(l.body)))
                        .as("%s read as type %d", sample.getKey(), type)
                        .doesNotThrowAnyException();
            }
        }
    }

    @Test
    void tableCountAndDepthAreBounded() throws Exception {
        List<DataValueSpec> values = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            values.add(Samples.value(i));
        }
        ByteBuffer batch = ByteBuffer.wrap(AgentMessages.dataBatch(values)); // Message + DataBatch + 10 DataValues
        MessageVerifier.verify(batch, 64, 12);
        assertThatThrownBy(() -> MessageVerifier.verify(batch, 64, 11))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("more than 11 tables");
        MessageVerifier.verify(batch, 3, 1000);
        assertThatThrownBy(() -> MessageVerifier.verify(batch, 2, 1000))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("nested deeper than 2");
    }

    @Test
    void sharedTablesAreVerifiedButBoundedInCount() throws Exception {
        // 50 references to one DataValue: legal (shared), each counted as a table (and charged: HostileExpansionTest)
        FlatBufferBuilder b = new FlatBufferBuilder();
        int value = DataValueTable.of(b, "x".repeat(100));
        int[] refs = new int[50];
        Arrays.fill(refs, value);
        byte[] body = HandMade.batch(b, refs);
        MessageVerifier.verify(body);
        assertThatThrownBy(() -> MessageVerifier.verify(ByteBuffer.wrap(body), 64, 40))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("more than 40 tables");
    }

    @Test
    void sharedStringAmplificationIsBounded() {
        // two DataValues with 20 KiB ids referenced alternately 4000 times: 80 MB of UTF-8 to scan for a 60 KB body
        FlatBufferBuilder b = new FlatBufferBuilder();
        int first = DataValueTable.of(b, "a".repeat(20_000));
        int second = DataValueTable.of(b, "b".repeat(20_000));
        int[] refs = new int[4000];
        for (int i = 0; i < refs.length; i++) {
            refs[i] = i % 2 == 0 ? first : second;
        }
        refused(HandMade.batch(b, refs)).hasMessageContaining("referenced too many times");
    }

    @Test
    void offsetsInMessagesAreRelativeToThePosition() {
        Layout l = sample("End");
        l.putInt(0, 0);
        byte[] padded = new byte[l.body.length + 16];
        System.arraycopy(l.body, 0, padded, 16, l.body.length);
        ByteBuffer positioned = ByteBuffer.wrap(padded, 16, l.body.length).order(ByteOrder.BIG_ENDIAN);
        assertThatThrownBy(() -> MessageVerifier.verify(positioned))
                .isInstanceOf(InvalidMessageException.class)
                .satisfies(
                        e -> assertThat(((InvalidMessageException) e).offset()).isZero());
        assertThat(positioned.position()).isEqualTo(16);
        assertThat(positioned.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
    }

    @Test
    void randomGarbageIsRefused() {
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            byte[] garbage = new byte[random.nextInt(300)];
            random.nextBytes(garbage);
            assertThatThrownBy(() -> MessageVerifier.verify(garbage)).isInstanceOf(InvalidMessageException.class);
        }
    }

    @Test
    void enumValuesOutsideTheSchemaAreLeftToConsumers() throws Exception {
        // like the C++ verifier: scalars are not range-checked
        MessageVerifier.verify(Responses.startAck((byte) 99, 1));
        MessageVerifier.verify(Responses.endAck(Status.Offline, 1));
    }

    /** Raw DataValue tables for sharing tests. */
    private static final class DataValueTable {
        static int of(FlatBufferBuilder b, String id) {
            int idOffset = b.createString(id);
            return Wazuh.SyncSchema.DataValue.createDataValue(b, 1, 2, (byte) 0, idOffset, 0, 0, 0);
        }
    }
}
