package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.EndAck;
import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.StartAck;
import Wazuh.SyncSchema.Status;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.store.RocksDBKeyspace;
import io.inventorysync.store.RocksDBPayload;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The inactivity timeout of behaviour.md §4, shortened to 1 s. */
@ExtendWith(TestIndexer.Extension.class)
class SessionTimeoutTest {

    private static RunningService service;

    @BeforeAll
    static void start(TestIndexer indexer, @TempDir Path dir) throws Exception {
        service = RunningService.start(
                indexer.writeOssecConf(dir), dir.resolve("store"), Map.of("inventory.session.timeout", "1s"));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    @Test
    void sessionWithEndAndAGapExpiresWithEndAckErrorAndLeavesNothingBehind() throws Exception {
        SessionAdmission sessions = service.bean("sessionAdmission", SessionAdmission.class);
        try (RouterClient router = service.connect()) {
            SimulatedAgent agent = new SimulatedAgent(router);
            List<Item> items = SessionSyncTest.packages(10, 1);
            long session = agent.start(SessionSyncTest.start("30", Mode.ModuleFull, 10))
                    .session();
            agent.sendItems(session, items, Set.of(4L));
            router.publish(AgentMessages.end(session));
            assertThat(agent.receive().contentType()).isEqualTo(MessageType.ReqRet);
            // the agent never resends seq 4: the session expires and the agent is told
            Message response = agent.receive();
            assertThat(response.contentType()).isEqualTo(MessageType.EndAck);
            EndAck ack = (EndAck) response.content(new EndAck());
            assertThat(ack.status()).isEqualTo(Status.Error);
            assertThat(ack.session()).isEqualTo(session);
            assertThat(sessions.find(session)).isEmpty();
            assertThat(sessions.pendingItems()).isZero();
            try (var stored =
                    service.bean("sessionPayload", RocksDBPayload.class).readItems(RocksDBKeyspace.PAYLOAD, session)) {
                assertThat(stored.count()).isZero();
            }
        }
    }

    @Test
    void sessionWithoutAnyDataExpiresAndReturnsItsQuota() throws Exception {
        SessionAdmission sessions = service.bean("sessionAdmission", SessionAdmission.class);
        AtomicLong id = new AtomicLong();
        try (RouterClient router = service.connect()) {
            NotifyBuilder untouchedExpired = new NotifyBuilder(service.context())
                    .fromRoute("session-expiry")
                    .filter(e -> e.getMessage().getBody() instanceof Long body && body == id.get())
                    .whenDone(1)
                    .create();
            long session = new SimulatedAgent(router)
                    .start(SessionSyncTest.start("32", Mode.ModuleFull, 50))
                    .session();
            id.set(session);
            assertThat(sessions.find(session)).isPresent();
            assertThat(untouchedExpired.matches(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sessions.find(session)).isEmpty();
            assertThat(sessions.pendingItems()).isZero();
        }
    }

    @Test
    void sessionWithoutEndExpiresSilently() throws Exception {
        SessionAdmission sessions = service.bean("sessionAdmission", SessionAdmission.class);
        AtomicLong id = new AtomicLong();
        NotifyBuilder expired = expiryOf(id);
        try (RouterClient router = service.connect()) {
            SimulatedAgent agent = new SimulatedAgent(router);
            long session = agent.start(SessionSyncTest.start("31", Mode.ModuleFull, 10))
                    .session();
            id.set(session);
            agent.sendItems(session, SessionSyncTest.packages(10, 1), Set.of(9L));
            assertThat(expired.matches(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sessions.find(session)).isEmpty();
            assertThat(sessions.pendingItems()).isZero();
            // nothing was sent for the expired session: the next response on this connection is a StartAck
            router.publish(AgentMessages.start(SessionSyncTest.start("31", Mode.ModuleFull, 1)));
            Message next = agent.receive();
            assertThat(next.contentType()).isEqualTo(MessageType.StartAck);
            StartAck ack = (StartAck) next.content(new StartAck());
            assertThat(ack.status()).isEqualTo(Status.Ok);
            sessions.end(ack.session());
        }
    }

    /** Done when the session whose id {@code id} will hold expires (other sessions' expiries do not count). */
    private static NotifyBuilder expiryOf(AtomicLong id) {
        return new NotifyBuilder(service.context())
                .filter(e -> "timeout".equals(e.getProperty(Exchange.AGGREGATED_COMPLETED_BY))
                        && SessionSyncTest.isSession(e, id.get()))
                .whenDone(1)
                .create();
    }
}
