package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.EndAck;
import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.ReqRet;
import Wazuh.SyncSchema.Status;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DataClean index or a checksum longer than the session summary can keep (its codec takes strings up to 64 KiB) is
 * refused as an unverifiable message and counted; the session goes on as if the message had not come.
 */
@ExtendWith(TestIndexer.Extension.class)
class OverlongSummaryStringsTest {

    @Test
    void overlongCleanIndexAndChecksumAreRefusedAndTheSessionGoesOn(TestIndexer testIndexer, @TempDir Path dir)
            throws Exception {
        try (RunningService service =
                        RunningService.start(testIndexer.writeOssecConf(dir), dir.resolve("store"), Map.of());
                RouterClient router = service.connect()) {
            ServiceMetrics metrics = service.bean("serviceMetrics", ServiceMetrics.class);
            SimulatedAgent agent = new SimulatedAgent(router);
            long session =
                    agent.start(SessionSyncTest.start("99", Mode.ModuleFull, 2)).session();
            agent.send(session, 0, SessionSyncTest.pkg(0, 1));
            router.publish(AgentMessages.dataClean(1, session, "wazuh-states-inventory-" + "x".repeat(70_000)));
            router.publish(AgentMessages.end(session));
            Message reqRet = agent.receive();
            assertThat(reqRet.contentType()).isEqualTo(MessageType.ReqRet);
            assertThat(SessionSyncTest.ranges((ReqRet) reqRet.content(new ReqRet())))
                    .containsExactly("1-1");
            assertThat(metrics.badFrames.sum()).isEqualTo(1);
            router.publish(AgentMessages.dataClean(1, session, "wazuh-states-inventory-hotfixes"));
            assertThat(SessionSyncTest.finalEndAck(agent).status()).isEqualTo(Status.Ok);

            long check = agent.start(SessionSyncTest.start("99", Mode.ModuleCheck, 0))
                    .session();
            router.publish(AgentMessages.checksumModule(check, SessionSyncTest.PACKAGES, "c".repeat(70_000)));
            router.publish(AgentMessages.end(check));
            Message answer = agent.receive();
            while (((EndAck) answer.content(new EndAck())).status() == Status.Processing) {
                answer = agent.receive();
            }
            // the checksum never arrived: a ModuleCheck without a checksum index fails
            assertThat(((EndAck) answer.content(new EndAck())).status()).isEqualTo(Status.Error);
            assertThat(metrics.badFrames.sum()).isEqualTo(2);
        }
    }
}
