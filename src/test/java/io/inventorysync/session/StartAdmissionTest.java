package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.StartAck;
import Wazuh.SyncSchema.Status;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.protocol.StartSpec;
import io.inventorysync.router.RouterClient;
import io.inventorysync.router.RouterFrame;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The admission rules of behaviour.md §1, over a real TCP connection to the running service and a real indexer. */
@ExtendWith(TestIndexer.Extension.class)
class StartAdmissionTest {

    private static RunningService service;

    @BeforeAll
    static void startService(TestIndexer indexer, @TempDir Path dir) throws Exception {
        service = RunningService.start(
                indexer.writeOssecConf(dir),
                dir.resolve("store"),
                Map.of("inventory.session.max-sessions", "5", "inventory.session.max-pending-items", "1000"));
    }

    @AfterAll
    static void stopService() throws Exception {
        service.close();
    }

    private SessionAdmission admission() {
        return service.bean("sessionAdmission", SessionAdmission.class);
    }

    @Test
    void startIsAnsweredOkWithAFreshIdOnTheSameConnection() throws Exception {
        try (RouterClient router = service.connect()) {
            router.publish(AgentMessages.start(start("1", "syscollector", Mode.ModuleFull, 10)));
            RouterFrame response = router.receive();
            assertThat(response.header()).isEqualTo("001 syscollector_sync");
            StartAck ack = startAck(response);
            assertThat(ack.status()).isEqualTo(Status.Ok);
            assertThat(ack.session()).isNotIn(0L, -1L);
            assertThat(admission().find(ack.session()))
                    .get()
                    .extracting(Session::agentId)
                    .isEqualTo("001");
            admission().end(ack.session());
        }
    }

    @Test
    void emptyRouterHeaderIsAcceptedToo() throws Exception {
        try (RouterClient router = service.connect()) {
            router.send(RouterFrame.of("", AgentMessages.start(start("2", "fim", Mode.ModuleDelta, 1))));
            StartAck ack = startAck(router.receive());
            assertThat(ack.status()).isEqualTo(Status.Ok);
            admission().end(ack.session());
        }
    }

    @Test
    void sameAgentAndModuleReplacesTheOldSession() throws Exception {
        try (RouterClient router = service.connect()) {
            router.publish(AgentMessages.start(start("7", "syscollector", Mode.ModuleFull, 100)));
            long first = startAck(router.receive()).session();
            router.publish(AgentMessages.start(start("007", "syscollector", Mode.ModuleFull, 200)));
            long second = startAck(router.receive()).session();
            assertThat(second).isNotEqualTo(first);
            assertThat(admission().find(first)).isEmpty();
            assertThat(admission().find(second)).isPresent();
            assertThat(admission().pendingItems()).isEqualTo(200);
            // another module of the same agent is a different session
            router.publish(AgentMessages.start(start("7", "fim", Mode.ModuleFull, 1)));
            long fim = startAck(router.receive()).session();
            assertThat(admission().find(second)).isPresent();
            admission().end(second);
            admission().end(fim);
        }
    }

    @Test
    void sessionCapAnswersOffline() throws Exception {
        try (RouterClient router = service.connect()) {
            long[] ids = new long[5];
            for (int i = 0; i < 5; i++) {
                router.publish(
                        AgentMessages.start(start(Integer.toString(100 + i), "syscollector", Mode.ModuleDelta, 1)));
                StartAck ack = startAck(router.receive());
                assertThat(ack.status()).isEqualTo(Status.Ok);
                ids[i] = ack.session();
            }
            router.publish(AgentMessages.start(start("200", "syscollector", Mode.ModuleDelta, 1)));
            StartAck refused = startAck(router.receive());
            assertThat(refused.status()).isEqualTo(Status.Offline);
            assertThat(refused.session()).isEqualTo(-1L);
            for (long id : ids) {
                admission().end(id);
            }
            router.publish(AgentMessages.start(start("200", "syscollector", Mode.ModuleDelta, 1)));
            StartAck afterwards = startAck(router.receive());
            assertThat(afterwards.status()).isEqualTo(Status.Ok);
            admission().end(afterwards.session());
        }
    }

    @Test
    void itemQuotaAnswersOfflineAndIsReturnedWhenASessionEnds() throws Exception {
        try (RouterClient router = service.connect()) {
            router.publish(AgentMessages.start(start("300", "syscollector", Mode.ModuleFull, 600)));
            long big = startAck(router.receive()).session();
            router.publish(AgentMessages.start(start("301", "syscollector", Mode.ModuleFull, 401)));
            StartAck refused = startAck(router.receive());
            assertThat(refused.status()).isEqualTo(Status.Offline);
            assertThat(refused.session()).isEqualTo(-1L);
            router.publish(AgentMessages.start(start("301", "syscollector", Mode.ModuleFull, 400)));
            long fits = startAck(router.receive()).session();
            admission().end(big);
            admission().end(fits);
            assertThat(admission().pendingItems()).isZero();
            router.publish(AgentMessages.start(start("302", "syscollector", Mode.ModuleFull, 1000)));
            StartAck whole = startAck(router.receive());
            assertThat(whole.status()).isEqualTo(Status.Ok);
            admission().end(whole.session());
        }
    }

    @Test
    void sizeAboveSignedRangeIsRefusedByTheQuota() throws Exception {
        try (RouterClient router = service.connect()) {
            router.publish(AgentMessages.start(start("303", "syscollector", Mode.ModuleFull, -5L)));
            assertThat(startAck(router.receive()).status()).isEqualTo(Status.Offline);
        }
    }

    @Test
    void sizeZeroIsAnErrorForDataModesOnly() throws Exception {
        try (RouterClient router = service.connect()) {
            for (byte mode : new byte[] {Mode.ModuleFull, Mode.ModuleDelta}) {
                router.publish(AgentMessages.start(start("400", "syscollector", mode, 0)));
                StartAck ack = startAck(router.receive());
                assertThat(ack.status()).isEqualTo(Status.Error);
                assertThat(ack.session()).isNotIn(0L, -1L);
                assertThat(admission().find(ack.session())).isEmpty();
            }
            for (byte mode : new byte[] {
                Mode.ModuleCheck, Mode.MetadataDelta, Mode.MetadataCheck, Mode.GroupDelta, Mode.GroupCheck
            }) {
                router.publish(AgentMessages.start(start("401", "syscollector", mode, 0)));
                StartAck ack = startAck(router.receive());
                assertThat(ack.status()).as(Mode.name(mode)).isEqualTo(Status.Ok);
                admission().end(ack.session());
            }
        }
    }

    @Test
    void startWithoutAgentIdOrModuleIsAnError() throws Exception {
        try (RouterClient router = service.connect()) {
            router.publish(AgentMessages.start(start(null, "syscollector", Mode.ModuleFull, 1)));
            RouterFrame response = router.receive();
            assertThat(response.header()).isEqualTo(" syscollector_sync");
            assertThat(startAck(response).status()).isEqualTo(Status.Error);
            assertThat(startAck(response).session()).isEqualTo(-1L);

            router.publish(AgentMessages.start(start("5", null, Mode.ModuleFull, 1)));
            RouterFrame noModule = router.receive();
            assertThat(noModule.header()).isEqualTo("5 _sync");
            assertThat(startAck(noModule).status()).isEqualTo(Status.Error);
            assertThat(startAck(noModule).session()).isEqualTo(-1L);
        }
    }

    @Test
    void sessionIdsAreRandomAndDistinct() throws Exception {
        Set<Long> ids = new HashSet<>();
        try (RouterClient router = service.connect()) {
            for (int i = 0; i < 200; i++) {
                router.publish(AgentMessages.start(start("500", "syscollector", Mode.ModuleDelta, 1)));
                long id = startAck(router.receive()).session();
                assertThat(id).isNotIn(0L, -1L);
                ids.add(id);
            }
        }
        assertThat(ids).hasSize(200);
        // small ids would mean a counter, not a random source
        assertThat(ids.stream().filter(id -> Math.abs(id) > (1L << 40)).count()).isGreaterThan(190);
        admission()
                .end(ids.stream()
                        .filter(id -> admission().find(id).isPresent())
                        .findFirst()
                        .orElseThrow());
    }

    @Test
    void indicesOutsideTheAllowlistAreDroppedAndTheSessionStillStarts() throws Exception {
        try (RouterClient router = service.connect()) {
            router.publish(AgentMessages.start(start("600", "syscollector", Mode.ModuleFull, 1)
                    .indices(List.of(
                            "wazuh-states-inventory-packages",
                            ".opendistro_security",
                            "wazuh-states-inventory-",
                            "wazuh-states-sca"))));
            StartAck ack = startAck(router.receive());
            assertThat(ack.status()).isEqualTo(Status.Ok);
            assertThat(admission().find(ack.session()).orElseThrow().indices())
                    .containsExactly("wazuh-states-inventory-packages", "wazuh-states-sca");
            admission().end(ack.session());
        }
    }

    @Test
    void otherMessagesAreIgnoredAndTheConnectionKeepsWorking() throws Exception {
        ServiceMetrics metrics = service.bean("serviceMetrics", ServiceMetrics.class);
        long unknown = metrics.unknownSession.sum();
        long bad = metrics.badFrames.sum();
        long badCommands = metrics.badCommands.sum();
        try (RouterClient router = service.connect()) {
            router.publish(AgentMessages.end(12345));
            router.publish(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
            router.send(RouterFrame.of("X", AgentMessages.end(1)));
            router.publish("{\"command\":\"delete_agent\",\"agent_id\":\"001\"}\0".getBytes());
            router.publish("{not json".getBytes());
            router.publish(AgentMessages.start(start("700", "syscollector", Mode.ModuleDelta, 1)));
            // the first response on this connection is the StartAck: nothing was answered before it
            StartAck ack = startAck(router.receive());
            assertThat(ack.status()).isEqualTo(Status.Ok);
            admission().end(ack.session());
        }
        // an End of a session that is not open is ignored and counted as such (behaviour.md §2)
        assertThat(metrics.unknownSession.sum() - unknown).isEqualTo(1);
        assertThat(metrics.badFrames.sum() - bad).isEqualTo(2);
        assertThat(metrics.badCommands.sum() - badCommands).isEqualTo(1);
    }

    @Test
    void garbageClosesOnlyItsOwnConnection() throws Exception {
        ServiceMetrics metrics = service.bean("serviceMetrics", ServiceMetrics.class);
        long errors = metrics.protocolErrors.sum();
        try (RouterClient good = service.connect();
                RouterClient bad = service.connect()) {
            bad.sendRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f, 0, 0, 0, 0});
            assertThat(bad.closedByPeer()).isTrue();
            good.publish(AgentMessages.start(start("800", "syscollector", Mode.ModuleDelta, 1)));
            StartAck ack = startAck(good.receive());
            assertThat(ack.status()).isEqualTo(Status.Ok);
            admission().end(ack.session());
        }
        assertThat(metrics.protocolErrors.sum() - errors).isEqualTo(1);
    }

    static StartSpec start(String agentId, String module, byte mode, long size) {
        return StartSpec.defaults().agentid(agentId).module(module).mode(mode).size(size);
    }

    static StartAck startAck(RouterFrame frame) {
        Message message = Message.getRootAsMessage(ByteBuffer.wrap(frame.body()));
        assertThat(message.contentType()).isEqualTo(MessageType.StartAck);
        return (StartAck) message.content(new StartAck());
    }
}
