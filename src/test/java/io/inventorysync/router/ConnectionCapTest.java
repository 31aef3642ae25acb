package io.inventorysync.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.protocol.StartSpec;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code inventory.router.max-connections}: a connection beyond the cap is closed at once; a freed slot is usable again. */
@ExtendWith(TestIndexer.Extension.class)
class ConnectionCapTest {

    @Test
    void aConnectionBeyondTheCapIsClosedAndCounted(TestIndexer indexer, @TempDir Path dir) throws Exception {
        try (RunningService service = RunningService.start(
                indexer.writeOssecConf(dir), dir.resolve("store"), Map.of("inventory.router.max-connections", "2"))) {
            ServiceMetrics metrics = service.bean("serviceMetrics", ServiceMetrics.class);
            RouterClient first = service.connect();
            try (RouterClient second = service.connect()) {
                // both answered: both hold their slots
                assertThat(new SimulatedAgent(first)
                                .start(StartSpec.defaults().agentid("101").size(1))
                                .ok())
                        .isTrue();
                assertThat(new SimulatedAgent(second)
                                .start(StartSpec.defaults().agentid("102").size(1))
                                .ok())
                        .isTrue();
                try (RouterClient third = service.connect()) {
                    assertThat(third.closedByPeer()).isTrue();
                }
                assertThat(metrics.connectionsRefused.sum()).isEqualTo(1);
                first.close();
                assertThat(first.closedByPeer()).isTrue();
                // the slot of the closed connection is free again (the close may take a moment to be seen: retry)
                RouterConnectionLimits limits = service.bean("routerConnectionLimits", RouterConnectionLimits.class);
                Conditions.await(() -> limits.openConnections() == 1);
                try (RouterClient fourth = service.connect()) {
                    assertThat(new SimulatedAgent(fourth)
                                    .start(StartSpec.defaults().agentid("104").size(1))
                                    .ok())
                            .isTrue();
                }
            }
        }
    }
}
