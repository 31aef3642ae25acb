package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Status;
import io.inventorysync.indexer.agent.AgentMetadata;
import io.inventorysync.metrics.ServiceMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** While an agent's metadata or group update runs, its new Starts are refused; other agents are not (§7). */
class SessionAdmissionLockTest {

    private final SessionAdmission admission =
            new SessionAdmission(new SessionLimits(100, 1000), () -> true, new ServiceMetrics());

    @Test
    void runningAgentUpdateLocksThatAgentOnly() {
        Session update = admission
                .admit(start("5", "syscollector", Mode.MetadataDelta), null)
                .session();
        assertThat(admission.complete(update)).isTrue();

        Admission locked = admission.admit(start("5", "fim", Mode.ModuleDelta), null);
        assertThat(locked.status()).isEqualTo(Status.Error);
        assertThat(admission.admit(start("6", "fim", Mode.ModuleDelta), null).status())
                .isEqualTo(Status.Ok);

        admission.end(update.id());
        assertThat(admission.admit(start("5", "fim", Mode.ModuleDelta), null).status())
                .isEqualTo(Status.Ok);
    }

    @Test
    void dataSessionsDoNotLock() {
        Session data = admission
                .admit(start("7", "syscollector", Mode.ModuleFull), null)
                .session();
        assertThat(admission.complete(data)).isTrue();
        assertThat(admission.admit(start("7", "fim", Mode.ModuleDelta), null).status())
                .isEqualTo(Status.Ok);
    }

    private static StartRequest start(String agent, String module, byte mode) {
        AgentMetadata meta = new AgentMetadata("n", "v", List.of(), "x86_64", "h", "os", "p", "t", "1");
        return new StartRequest(agent, module, mode, 1, List.of(), (byte) 0, () -> meta, 0, "", "");
    }
}
