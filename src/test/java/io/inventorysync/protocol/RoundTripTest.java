package io.inventorysync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import Wazuh.SyncSchema.ChecksumModule;
import Wazuh.SyncSchema.DataBatch;
import Wazuh.SyncSchema.DataClean;
import Wazuh.SyncSchema.DataContext;
import Wazuh.SyncSchema.DataValue;
import Wazuh.SyncSchema.End;
import Wazuh.SyncSchema.EndAck;
import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Option;
import Wazuh.SyncSchema.ReqRet;
import Wazuh.SyncSchema.Start;
import Wazuh.SyncSchema.StartAck;
import Wazuh.SyncSchema.Status;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every table built by AgentMessages/Responses passes the verifier and reads back field by field. */
class RoundTripTest {

    private static Message verified(byte[] body, byte expectedType) throws InvalidMessageException {
        MessageVerifier.verify(ByteBuffer.wrap(body));
        Message message = Message.getRootAsMessage(ByteBuffer.wrap(body));
        assertThat(message.contentType()).isEqualTo(expectedType);
        return message;
    }

    private static String utf8(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void dataValue() throws Exception {
        byte[] body = AgentMessages.dataValue(
                3, 77, Operation.Delete, "abc", "idx", 5, "{\"k\":1}".getBytes(StandardCharsets.UTF_8));
        DataValue v = (DataValue) verified(body, MessageType.DataValue).content(new DataValue());
        assertThat(v.seq()).isEqualTo(3);
        assertThat(v.session()).isEqualTo(77);
        assertThat(v.operation()).isEqualTo(Operation.Delete);
        assertThat(v.id()).isEqualTo("abc");
        assertThat(v.index()).isEqualTo("idx");
        assertThat(v.version()).isEqualTo(5);
        assertThat(utf8(v.dataAsByteBuffer())).isEqualTo("{\"k\":1}");
    }

    @Test
    void dataValueWithNullsOmitsFields() throws Exception {
        DataValue v = (DataValue)
                verified(AgentMessages.dataValue(0, 0, Operation.Upsert, null, null, 0, null), MessageType.DataValue)
                        .content(new DataValue());
        assertThat(v.id()).isNull();
        assertThat(v.index()).isNull();
        assertThat(v.dataAsByteBuffer()).isNull();
        assertThat(v.dataLength()).isZero();
    }

    @Test
    void dataClean() throws Exception {
        DataClean c = (DataClean) verified(AgentMessages.dataClean(4, 77, "idx"), MessageType.DataClean)
                .content(new DataClean());
        assertThat(c.seq()).isEqualTo(4);
        assertThat(c.session()).isEqualTo(77);
        assertThat(c.index()).isEqualTo("idx");
    }

    @Test
    void checksumModule() throws Exception {
        ChecksumModule c =
                (ChecksumModule) verified(AgentMessages.checksumModule(77, "idx", "abcdef"), MessageType.ChecksumModule)
                        .content(new ChecksumModule());
        assertThat(c.session()).isEqualTo(77);
        assertThat(c.index()).isEqualTo("idx");
        assertThat(c.checksum()).isEqualTo("abcdef");
    }

    @Test
    void start() throws Exception {
        Start s = (Start) verified(AgentMessages.start(Samples.fullStart()), MessageType.Start)
                .content(new Start());
        assertThat(s.module()).isEqualTo("syscollector");
        assertThat(s.mode()).isEqualTo(Mode.MetadataCheck);
        assertThat(s.size()).isEqualTo(42);
        assertThat(s.indexLength()).isEqualTo(2);
        assertThat(s.index(0)).isEqualTo("wazuh-states-inventory-packages");
        assertThat(s.index(1)).isEqualTo("wazuh-states-inventory-system");
        assertThat(s.option()).isEqualTo(Option.VDSync);
        assertThat(s.architecture()).isEqualTo("aarch64");
        assertThat(s.hostname()).isEqualTo("höst-ñ");
        assertThat(s.osname()).isEqualTo("Ubuntu");
        assertThat(s.osplatform()).isEqualTo("ubuntu");
        assertThat(s.ostype()).isEqualTo("linux");
        assertThat(s.osversion()).isEqualTo("24.04");
        assertThat(s.agentversion()).isEqualTo("v5.0.0");
        assertThat(s.agentname()).isEqualTo("web-01");
        assertThat(s.agentid()).isEqualTo("007");
        assertThat(s.groupsLength()).isEqualTo(2);
        assertThat(s.groups(0)).isEqualTo("default");
        assertThat(s.groups(1)).isEqualTo("web");
        assertThat(s.globalVersion()).isEqualTo(9);
        assertThat(s.clusterName()).isEqualTo("wazuh-cluster");
        assertThat(s.clusterNode()).isEqualTo("master-node");
    }

    @Test
    void startWithNullFieldsOmitsThem() throws Exception {
        StartSpec spec = StartSpec.defaults()
                .hostname(null)
                .groups(null)
                .indices(List.of())
                .clusterNode(null);
        Start s = (Start) verified(AgentMessages.start(spec), MessageType.Start).content(new Start());
        assertThat(s.hostname()).isNull();
        assertThat(s.groupsVector()).isNull();
        assertThat(s.indexVector()).isNotNull();
        assertThat(s.indexLength()).isZero();
        assertThat(s.clusterNode()).isNull();
        assertThat(s.module()).isEqualTo("syscollector");
        assertThat(s.agentid()).isEqualTo("001");
    }

    @Test
    void startAck() throws Exception {
        StartAck a = (StartAck) verified(Responses.startAck(Status.Ok, 123456789L), MessageType.StartAck)
                .content(new StartAck());
        assertThat(a.status()).isEqualTo(Status.Ok);
        assertThat(a.session()).isEqualTo(123456789L);
    }

    @Test
    void refusedStartAckCarriesAllBitsSession() throws Exception {
        StartAck a =
                (StartAck) verified(Responses.startAck(Status.Error, Responses.REFUSED_SESSION), MessageType.StartAck)
                        .content(new StartAck());
        assertThat(a.status()).isEqualTo(Status.Error);
        assertThat(Long.toUnsignedString(a.session())).isEqualTo("18446744073709551615");
    }

    @Test
    void end() throws Exception {
        End e = (End) verified(AgentMessages.end(77), MessageType.End).content(new End());
        assertThat(e.session()).isEqualTo(77);
    }

    @Test
    void endAck() throws Exception {
        EndAck a = (EndAck) verified(Responses.endAck(Status.ChecksumMismatch, 77), MessageType.EndAck)
                .content(new EndAck());
        assertThat(a.status()).isEqualTo(Status.ChecksumMismatch);
        assertThat(a.session()).isEqualTo(77);
    }

    @Test
    void reqRet() throws Exception {
        byte[] body = Responses.reqRet(77, List.of(new SeqRange(1, 3), new SeqRange(8, 8), new SeqRange(0, -1L)));
        ReqRet r = (ReqRet) verified(body, MessageType.ReqRet).content(new ReqRet());
        assertThat(r.session()).isEqualTo(77);
        assertThat(r.seqLength()).isEqualTo(3);
        assertThat(r.seq(0).begin()).isEqualTo(1);
        assertThat(r.seq(0).end()).isEqualTo(3);
        assertThat(r.seq(1).begin()).isEqualTo(8);
        assertThat(r.seq(1).end()).isEqualTo(8);
        assertThat(r.seq(2).begin()).isZero();
        assertThat(r.seq(2).end()).isEqualTo(-1L);
    }

    @Test
    void reqRetWithoutRanges() throws Exception {
        ReqRet r = (ReqRet)
                verified(Responses.reqRet(5, List.of()), MessageType.ReqRet).content(new ReqRet());
        assertThat(r.seqLength()).isZero();
        assertThat(r.session()).isEqualTo(5);
    }

    @Test
    void dataContext() throws Exception {
        DataContext c = (DataContext) verified(
                        AgentMessages.dataContext(5, 77, "ctx", "idx", "{}".getBytes(StandardCharsets.UTF_8)),
                        MessageType.DataContext)
                .content(new DataContext());
        assertThat(c.seq()).isEqualTo(5);
        assertThat(c.session()).isEqualTo(77);
        assertThat(c.id()).isEqualTo("ctx");
        assertThat(c.index()).isEqualTo("idx");
        assertThat(utf8(c.dataAsByteBuffer())).isEqualTo("{}");
    }

    @Test
    void dataBatch() throws Exception {
        DataBatch b = (DataBatch)
                verified(AgentMessages.dataBatch(List.of(Samples.value(10), Samples.value(11))), MessageType.DataBatch)
                        .content(new DataBatch());
        assertThat(b.valuesLength()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            DataValue v = b.values(i);
            assertThat(v.seq()).isEqualTo(10 + i);
            assertThat(v.session()).isEqualTo(77);
            assertThat(v.operation()).isEqualTo(Operation.Upsert);
            assertThat(v.id()).isEqualTo("id-" + (10 + i));
            assertThat(v.index()).isEqualTo("wazuh-states-inventory-packages");
            assertThat(v.version()).isEqualTo(11 + i);
            assertThat(utf8(v.dataAsByteBuffer())).isEqualTo(Samples.JSON);
        }
    }

    @Test
    void verifiesSlicesAndPositionedBuffersWithoutTouchingThem() {
        for (byte[] body : Samples.all().values()) {
            for (int shift : new int[] {1, 3, 8}) {
                byte[] padded = new byte[body.length + shift + 5];
                System.arraycopy(body, 0, padded, shift, body.length);
                ByteBuffer positioned = ByteBuffer.wrap(padded, shift, body.length);
                assertThatCode(() -> MessageVerifier.verify(positioned)).doesNotThrowAnyException();
                assertThat(positioned.position()).isEqualTo(shift);
                assertThat(positioned.limit()).isEqualTo(shift + body.length);
                assertThat(positioned.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
                assertThatCode(() -> MessageVerifier.verify(positioned.slice())).doesNotThrowAnyException();
                ByteBuffer direct = ByteBuffer.allocateDirect(padded.length)
                        .put(padded)
                        .position(shift)
                        .limit(shift + body.length);
                assertThatCode(() -> MessageVerifier.verify(direct)).doesNotThrowAnyException();
                assertThat(MessageReader.readAll(positioned)).isEqualTo(MessageReader.readAll(ByteBuffer.wrap(body)));
            }
        }
    }
}
