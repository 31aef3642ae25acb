package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Status;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every accepted session holds its slot and quota only until it ends, whatever its first message was (behaviour.md
 * §12, issue 14 §1): a first message the aggregator never hears of (out of range here) still lets it time out.
 */
@ExtendWith(TestIndexer.Extension.class)
class ExpiryWhateverTheFirstMessageTest {

    private static final String INDEX = "wazuh-states-inventory-packages";
    private static final byte[] DATA = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
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
    void anOutOfRangeDataValueFirst() throws Exception {
        fullQuotaSessionExpiresAfter(
                "40", id -> AgentMessages.dataValue(500_000, id, Operation.Upsert, "a", INDEX, 0, DATA));
    }

    @Test
    void anOutOfRangeDataContextFirst() throws Exception {
        fullQuotaSessionExpiresAfter("41", id -> AgentMessages.dataContext(500_000, id, "c", INDEX, DATA));
    }

    @Test
    void anOutOfRangeDataCleanFirst() throws Exception {
        fullQuotaSessionExpiresAfter("42", id -> AgentMessages.dataClean(500_000, id, INDEX));
    }

    @Test
    void aStrayDataValueInAModuleCheck() throws Exception {
        SessionAdmission sessions = service.bean("sessionAdmission", SessionAdmission.class);
        try (RouterClient router = service.connect()) {
            SimulatedAgent agent = new SimulatedAgent(router);
            long session = agent.start(SessionSyncTest.start("43", Mode.ModuleCheck, 0))
                    .session();
            NotifyBuilder expired = expiryOf(session);
            router.publish(AgentMessages.dataValue(0, session, Operation.Upsert, "a", INDEX, 0, DATA));
            assertThat(expired.matches(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sessions.find(session)).isEmpty();
        }
    }

    /** Start{ModuleFull, the whole quota}, then {@code first}: the session expires and the quota serves the next Start. */
    private static void fullQuotaSessionExpiresAfter(String agentId, LongFunction<byte[]> first) throws Exception {
        SessionAdmission sessions = service.bean("sessionAdmission", SessionAdmission.class);
        try (RouterClient router = service.connect()) {
            SimulatedAgent agent = new SimulatedAgent(router);
            SimulatedAgent.Ack ack = agent.start(SessionSyncTest.start(agentId, Mode.ModuleFull, 500_000));
            assertThat(ack.status()).isEqualTo(Status.Ok);
            NotifyBuilder expired = expiryOf(ack.session());
            router.publish(first.apply(ack.session()));
            assertThat(expired.matches(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sessions.find(ack.session())).isEmpty();
            assertThat(sessions.pendingItems()).isZero();
            SimulatedAgent.Ack next = agent.start(SessionSyncTest.start(agentId + "9", Mode.ModuleFull, 500_000));
            assertThat(next.status()).isEqualTo(Status.Ok);
            sessions.end(next.session());
        }
    }

    private static NotifyBuilder expiryOf(long session) {
        return new NotifyBuilder(service.context())
                .fromRoute("session-expiry")
                .filter(e -> e.getMessage().getBody() instanceof Long body && body == session)
                .whenDone(1)
                .create();
    }
}
