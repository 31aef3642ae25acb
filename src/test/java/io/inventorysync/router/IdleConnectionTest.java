package io.inventorysync.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code inventory.router.idle-timeout}: a connection stalled in the middle of a frame, or silent, is closed and counted. */
@ExtendWith(TestIndexer.Extension.class)
class IdleConnectionTest {

    @Test
    void stalledAndSilentConnectionsAreClosed(TestIndexer indexer, @TempDir Path dir) throws Exception {
        try (RunningService service = RunningService.start(
                        indexer.writeOssecConf(dir),
                        dir.resolve("store"),
                        Map.of("inventory.router.idle-timeout", "300ms"));
                RouterClient stalled = service.connect();
                RouterClient silent = service.connect()) {
            ServiceMetrics metrics = service.bean("serviceMetrics", ServiceMetrics.class);
            // announces a 1 MiB frame, sends 100 bytes of it, then nothing
            byte[] frame = RouterFrame.bytesOf(RouterFrame.of("P", new byte[1_000_000]));
            stalled.sendRaw(Arrays.copyOf(frame, 100));
            assertThat(stalled.closedByPeer()).isTrue();
            assertThat(silent.closedByPeer()).isTrue();
            assertThat(metrics.connectionsIdleClosed.sum()).isEqualTo(2);
            // the stalled frame was not handled as a frame, and its bytes are not counted as a broken stream
            assertThat(metrics.framesReceived.sum()).isZero();
            assertThat(metrics.protocolErrors.sum()).isZero();
        }
    }
}
