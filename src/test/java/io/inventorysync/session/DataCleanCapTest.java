package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.store.RocksDBStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DataCleans are received seqs merged into their read's one update per session (not one aggregation each), and a
 * session keeps at most {@link Session#MAX_CLEAN_INDICES} distinct indices to clean; the rest are counted.
 */
class DataCleanCapTest {

    @Test
    void distinctCleansAreCappedAndCountedAndMergedIntoOneUpdate(@TempDir Path dir) {
        try (MessagesFixture f = new MessagesFixture(new RocksDBStore(dir))) {
            Session session = f.start(Wazuh.SyncSchema.Mode.ModuleFull, 200);
            byte[][] cleans = new byte[100][];
            for (int i = 0; i < cleans.length; i++) {
                cleans[i] = AgentMessages.dataClean(i, session.id(), "wazuh-states-inventory-i" + i);
            }
            List<SessionUpdate> updates = f.read(cleans);
            assertThat(updates)
                    .singleElement()
                    .satisfies(
                            u -> assertThat(((SessionUpdate.Received) u).seqs()).hasSize(100));
            // a duplicate of a kept index is still taken
            f.read(AgentMessages.dataClean(100, session.id(), "wazuh-states-inventory-i0"));
            assertThat(session.summary().cleanIndices())
                    .hasSize(Session.MAX_CLEAN_INDICES)
                    .contains("wazuh-states-inventory-i0");
            assertThat(f.metrics.cleanIndicesDropped.sum()).isEqualTo(100 - Session.MAX_CLEAN_INDICES);
        }
    }
}
