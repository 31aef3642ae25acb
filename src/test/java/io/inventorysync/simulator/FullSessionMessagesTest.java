package io.inventorysync.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import Wazuh.FullSessionSchema.ChecksumModule;
import Wazuh.FullSessionSchema.Cleans;
import Wazuh.FullSessionSchema.DataContext;
import Wazuh.FullSessionSchema.DataValue;
import Wazuh.FullSessionSchema.FullSession;
import Wazuh.FullSessionSchema.Message;
import Wazuh.FullSessionSchema.MessageType;
import Wazuh.FullSessionSchema.Mode;
import Wazuh.FullSessionSchema.Operation;
import Wazuh.FullSessionSchema.Option;
import Wazuh.FullSessionSchema.SessionPayload;
import Wazuh.FullSessionSchema.Start;
import Wazuh.FullSessionSchema.SyncData;
import io.inventorysync.protocol.StartSpec;
import io.inventorysync.simulator.SimulatedAgent.Clean;
import io.inventorysync.simulator.SimulatedAgent.Context;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedAgent.Value;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every message the builder makes, read back with the generated accessors of the second schema. */
class FullSessionMessagesTest {

    private static final String PACKAGES = "wazuh-states-inventory-packages";
    private static final String PROCESSES = "wazuh-states-inventory-processes";

    @Test
    void everyStartFieldIsWhereTheSchemaPutsIt() {
        FullSessionStart spec = FullSessionStart.defaults()
                .module("fim")
                .mode(Mode.GroupCheck)
                .indices(List.of(PACKAGES, PROCESSES))
                .option(Option.VDSync)
                .architecture("aarch64")
                .hostname("host-7")
                .osname("Debian GNU/Linux")
                .osplatform("debian")
                .ostype("linux")
                .osversion("12")
                .agentversion("v5.0.1")
                .agentname("agent-7")
                .agentid("007")
                .groups(List.of("default", "web"))
                .globalVersion(1_234_567_890_123L)
                .clusterName("cluster-a")
                .feedOffset(42);
        Start start = session(FullSessionMessages.startOnly(spec)).start();
        assertThat(start.module()).isEqualTo("fim");
        assertThat(start.mode()).isEqualTo(Mode.GroupCheck);
        assertThat(start.indexLength()).isEqualTo(2);
        assertThat(start.index(0)).isEqualTo(PACKAGES);
        assertThat(start.index(1)).isEqualTo(PROCESSES);
        assertThat(start.option()).isEqualTo(Option.VDSync);
        assertThat(start.architecture()).isEqualTo("aarch64");
        assertThat(start.hostname()).isEqualTo("host-7");
        assertThat(start.osname()).isEqualTo("Debian GNU/Linux");
        assertThat(start.osplatform()).isEqualTo("debian");
        assertThat(start.ostype()).isEqualTo("linux");
        assertThat(start.osversion()).isEqualTo("12");
        assertThat(start.agentversion()).isEqualTo("v5.0.1");
        assertThat(start.agentname()).isEqualTo("agent-7");
        assertThat(start.agentid()).isEqualTo("007");
        assertThat(start.groupsLength()).isEqualTo(2);
        assertThat(start.groups(0)).isEqualTo("default");
        assertThat(start.groups(1)).isEqualTo("web");
        assertThat(start.globalVersion()).isEqualTo(1_234_567_890_123L);
        assertThat(start.clusterName()).isEqualTo("cluster-a");
        assertThat(start.feedOffset()).isEqualTo(42);
    }

    @Test
    void nullFieldsAreOmittedAndTheDefaultModeIsModuleDelta() {
        FullSessionStart spec =
                FullSessionStart.defaults().hostname(null).groups(null).indices(null);
        Start start = session(FullSessionMessages.startOnly(spec)).start();
        assertThat(start.mode()).isEqualTo(Mode.ModuleDelta).isZero();
        assertThat(start.hostname()).isNull();
        assertThat(start.groupsLength()).isZero();
        assertThat(start.indexLength()).isZero();
        assertThat(start.agentid()).isEqualTo("001");
        assertThat(start.clusterName()).isEqualTo("wazuh");
    }

    @Test
    void theAgentOfAFirstGenerationStartUnderASecondGenerationMode() {
        StartSpec first = StartSpec.defaults()
                .agentid("042")
                .hostname("h42")
                .indices(List.of(PACKAGES))
                .clusterName("c1");
        FullSessionStart second = FullSessionStart.from(first, Mode.ModuleCheck);
        assertThat(second.mode()).isEqualTo(Mode.ModuleCheck);
        assertThat(second.agentid()).isEqualTo("042");
        assertThat(second.hostname()).isEqualTo("h42");
        assertThat(second.indices()).containsExactly(PACKAGES);
        assertThat(second.clusterName()).isEqualTo("c1");
        assertThat(second.groups()).isEqualTo(first.groups());
        assertThat(FullSessionStart.from(first).mode()).isEqualTo(Mode.ModuleDelta);
    }

    @Test
    void syncDataCarriesValuesAndContextsInOrder() {
        byte[] doc = "{\"package\":{\"name\":\"openssl\"}}".getBytes(StandardCharsets.UTF_8);
        List<Item> items = List.of(
                new Value(Operation.Upsert, "pkg-1", PACKAGES, 7, doc),
                new Context("ctx-1", PROCESSES, "{\"c\":1}".getBytes(StandardCharsets.UTF_8)),
                new Value(Operation.Delete, "pkg-2", PACKAGES, 8, null));
        FullSession session = session(FullSessionMessages.syncData(FullSessionStart.defaults(), items));
        assertThat(session.payloadType()).isEqualTo(SessionPayload.SyncData);
        SyncData data = (SyncData) session.payload(new SyncData());
        assertThat(data.valuesLength()).isEqualTo(2);
        DataValue upsert = data.values(0);
        assertThat(upsert.operation()).isEqualTo(Operation.Upsert);
        assertThat(upsert.id()).isEqualTo("pkg-1");
        assertThat(upsert.index()).isEqualTo(PACKAGES);
        assertThat(upsert.version()).isEqualTo(7);
        assertThat(bytes(upsert.dataAsByteBuffer())).isEqualTo(doc);
        DataValue delete = data.values(1);
        assertThat(delete.operation()).isEqualTo(Operation.Delete);
        assertThat(delete.id()).isEqualTo("pkg-2");
        assertThat(delete.version()).isEqualTo(8);
        assertThat(delete.dataLength()).isZero();
        assertThat(data.contextsLength()).isEqualTo(1);
        DataContext context = data.contexts(0);
        assertThat(context.id()).isEqualTo("ctx-1");
        assertThat(context.index()).isEqualTo(PROCESSES);
        assertThat(new String(bytes(context.dataAsByteBuffer()), StandardCharsets.UTF_8))
                .isEqualTo("{\"c\":1}");
    }

    @Test
    void syncDataWithoutContextsOmitsTheVector() {
        FullSession session = session(FullSessionMessages.syncData(
                FullSessionStart.defaults(),
                List.of(new Value(Operation.Upsert, "a", PACKAGES, 0, new byte[] {'{', '}'}))));
        SyncData data = (SyncData) session.payload(new SyncData());
        assertThat(data.valuesLength()).isEqualTo(1);
        assertThat(data.contextsLength()).isZero();
        assertThat(data.contextsVector()).isNull();
    }

    @Test
    void aCleanIsNotSyncData() {
        assertThatThrownBy(
                        () -> FullSessionMessages.syncData(FullSessionStart.defaults(), List.of(new Clean(PACKAGES))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cleansListEveryIndex() {
        FullSession session = session(FullSessionMessages.cleans(
                FullSessionStart.defaults(), List.of(new Clean(PACKAGES), new Clean(PROCESSES), new Clean(PACKAGES))));
        assertThat(session.payloadType()).isEqualTo(SessionPayload.Cleans);
        Cleans cleans = (Cleans) session.payload(new Cleans());
        assertThat(cleans.itemsLength()).isEqualTo(3);
        assertThat(cleans.items(0).index()).isEqualTo(PACKAGES);
        assertThat(cleans.items(1).index()).isEqualTo(PROCESSES);
        assertThat(cleans.items(2).index()).isEqualTo(PACKAGES);
    }

    @Test
    void checksumModule() {
        FullSession session = session(FullSessionMessages.checksum(
                FullSessionStart.defaults().mode(Mode.ModuleCheck),
                PACKAGES,
                "da39a3ee5e6b4b0d3255bfef95601890afd80709"));
        assertThat(session.start().mode()).isEqualTo(Mode.ModuleCheck);
        assertThat(session.payloadType()).isEqualTo(SessionPayload.ChecksumModule);
        ChecksumModule checksum = (ChecksumModule) session.payload(new ChecksumModule());
        assertThat(checksum.index()).isEqualTo(PACKAGES);
        assertThat(checksum.checksum()).isEqualTo("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    }

    @Test
    void noPayload() {
        FullSession session = session(
                FullSessionMessages.startOnly(FullSessionStart.defaults().mode(Mode.MetadataDelta)));
        assertThat(session.payloadType()).isEqualTo(SessionPayload.NONE);
        assertThat(session.payload(new SyncData())).isNull();
    }

    @Test
    void aFiftyThousandItemSessionIsReadBackWhole() {
        List<Item> items = SimulatedInventory.items("050", 50_000, true, 99);
        ByteBuffer message = FullSessionMessages.syncData(
                FullSessionStart.defaults().agentid("050").indices(List.of(PACKAGES, PROCESSES)), items);
        assertThat(message.remaining()).isGreaterThan(10 << 20); // tens of MiB, as a real package inventory
        // sized up front: the builder never doubled past what the items need
        assertThat(message.capacity()).isLessThan(message.remaining() + message.remaining() / 4);
        SyncData data = (SyncData) session(message).payload(new SyncData());
        assertThat(data.valuesLength()).isEqualTo(50_000);
        DataValue read = new DataValue();
        for (int i = 0; i < items.size(); i++) {
            Value v = (Value) items.get(i);
            data.values(read, i);
            assertThat(read.operation()).isEqualTo(v.operation());
            assertThat(read.id()).isEqualTo(v.id());
            assertThat(read.index()).isEqualTo(v.index());
            assertThat(read.version()).isEqualTo(v.version());
            assertThat(read.dataLength()).isEqualTo(v.data() == null ? 0 : v.data().length);
        }
        Value last = (Value) items.get(49_998);
        assertThat(bytes(data.values(49_998).dataAsByteBuffer())).isEqualTo(last.data());
    }

    @Test
    void bytesCopiesTheMessageAndLeavesTheBuffer() {
        ByteBuffer message = FullSessionMessages.startOnly(FullSessionStart.defaults());
        int position = message.position();
        byte[] copy = FullSessionMessages.bytes(message);
        assertThat(copy).hasSize(message.remaining());
        assertThat(message.position()).isEqualTo(position);
        assertThat(session(ByteBuffer.wrap(copy)).start().agentid()).isEqualTo("001");
    }

    private static FullSession session(ByteBuffer message) {
        Message m = Message.getRootAsMessage(message.duplicate());
        assertThat(m.contentType()).isEqualTo(MessageType.FullSession);
        FullSession session = (FullSession) m.content(new FullSession());
        assertThat(session).isNotNull();
        return session;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }
}
