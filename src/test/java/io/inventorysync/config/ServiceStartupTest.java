package io.inventorysync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.StartAck;
import Wazuh.SyncSchema.Status;
import io.inventorysync.indexer.client.HostHealth;
import io.inventorysync.indexer.client.IndexerConnector;
import io.inventorysync.indexer.client.IndexerHealth;
import io.inventorysync.indexer.client.IndexerRequests;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.protocol.StartSpec;
import io.inventorysync.router.RouterClient;
import io.inventorysync.support.ConfigurationException;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Start-up against the indexer configuration of ossec.conf: what works, what stops start-up, what answers Offline. */
@ExtendWith(TestIndexer.Extension.class)
class ServiceStartupTest {

    @TempDir
    Path dir;

    @Test
    void reachesTheRealIndexerOverMutualTls(TestIndexer indexer) throws Exception {
        try (RunningService service =
                RunningService.start(indexer.writeOssecConf(dir), dir.resolve("store"), Map.of())) {
            IndexerHealth health = service.bean("indexerHealth", IndexerHealth.class);
            assertThat(health.usableHosts()).containsExactly(indexer.url());
        }
    }

    @Test
    void noUsableIndexerHostAnswersStartOffline(TestIndexer indexer) throws Exception {
        String deadHost = "https://localhost:" + AvailablePortFinder.getNextAvailable();
        Path conf = TestIndexer.writeOssecConf(
                dir,
                List.of(deadHost),
                List.of(indexer.cert("root-ca.pem")),
                indexer.cert("client.pem"),
                indexer.cert("client-key.pem"));
        try (RunningService service = RunningService.start(conf, dir.resolve("store"), Map.of());
                RouterClient router = service.connect()) {
            router.publish(
                    AgentMessages.start(StartSpec.defaults().agentid("001").size(5)));
            StartAck ack = (StartAck)
                    Message.getRootAsMessage(ByteBuffer.wrap(router.receive().body()))
                            .content(new StartAck());
            assertThat(ack.status()).isEqualTo(Status.Offline);
            assertThat(ack.session()).isEqualTo(-1L);
        }
    }

    @Test
    void indexerSignedByAnotherCaIsNotUsable(TestIndexer indexer) throws Exception {
        Path conf = TestIndexer.writeOssecConf(
                dir,
                List.of(indexer.url()),
                List.of(indexer.cert("other-ca.pem")),
                indexer.cert("client.pem"),
                indexer.cert("client-key.pem"));
        try (RunningService service = RunningService.start(conf, dir.resolve("store"), Map.of())) {
            List<HostHealth> states =
                    service.bean("indexerHealth", IndexerHealth.class).states();
            assertThat(states).singleElement().satisfies(h -> {
                assertThat(h.usable()).isFalse();
                assertThat(h.reason()).contains("PKIX");
            });
        }
    }

    @Test
    void plainHttpHostStopsStartUpNamingTheHost(TestIndexer indexer) {
        Path conf = TestIndexer.writeOssecConf(
                dir,
                List.of("http://localhost:" + indexer.port()),
                List.of(indexer.cert("root-ca.pem")),
                indexer.cert("client.pem"),
                indexer.cert("client-key.pem"));
        assertThatThrownBy(() -> RunningService.start(conf, dir.resolve("store"), Map.of()))
                .satisfies(e -> assertThat(configurationError(e))
                        .contains("http://localhost:" + indexer.port())
                        .contains("https"));
    }

    /** inventory.indexer.key-password (INVENTORY_INDEXER_KEY_PASSWORD) decrypts an encrypted PKCS#8 client key. */
    @Test
    void encryptedClientKeyWithItsPasswordPropertyReachesTheIndexer(TestIndexer indexer) throws Exception {
        Path conf = TestIndexer.writeOssecConf(
                dir,
                List.of(indexer.url()),
                List.of(indexer.cert("root-ca.pem")),
                indexer.cert("client.pem"),
                indexer.cert("client-key-encrypted.pem"));
        try (RunningService service = RunningService.start(
                conf,
                dir.resolve("store"),
                Map.of("inventory.indexer.key-password", TestIndexer.ENCRYPTED_KEY_PASSWORD))) {
            assertThat(service.bean("indexerHealth", IndexerHealth.class).usableHosts())
                    .containsExactly(indexer.url());
            IndexerRequests requests = service.bean("indexerRequests", IndexerRequests.class);
            assertThat(requests).isInstanceOf(IndexerConnector.class);
            assertThat(((IndexerConnector) requests).execute("GET", "/", null).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void missingClientKeyStopsStartUpNamingTheFile(TestIndexer indexer) {
        Path missing = dir.resolve("no-such-key.pem");
        Path conf = TestIndexer.writeOssecConf(
                dir, List.of(indexer.url()), List.of(indexer.cert("root-ca.pem")), indexer.cert("client.pem"), missing);
        assertThatThrownBy(() -> RunningService.start(conf, dir.resolve("store"), Map.of()))
                .satisfies(e -> assertThat(configurationError(e)).contains(missing.toString()));
    }

    @Test
    void missingOssecConfStopsStartUpNamingTheFile() {
        Path missing = dir.resolve("ossec.conf");
        assertThatThrownBy(() -> RunningService.start(missing, dir.resolve("store"), Map.of()))
                .satisfies(e -> assertThat(configurationError(e)).contains(missing.toString()));
    }

    private static String configurationError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException) {
                return t.getMessage();
            }
        }
        throw new AssertionError("no ConfigurationException in " + e, e);
    }
}
