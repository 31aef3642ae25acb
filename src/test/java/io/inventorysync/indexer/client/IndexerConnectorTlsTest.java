package io.inventorysync.indexer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.inventorysync.config.OssecConf;
import io.inventorysync.support.ConfigurationException;
import io.inventorysync.testsupport.FaultProxy;
import io.inventorysync.testsupport.TestIndexer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hc.client5.http.impl.InMemoryDnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of the connector against the real node: every supported key form reaches it, and a wrong CA, an
 * expired certificate or a wrong host name stop the request with a failure naming the host and the reason.
 */
@ExtendWith(TestIndexer.Extension.class)
class IndexerConnectorTlsTest {
    private static final RetryPolicy QUICK = new RetryPolicy(
            3, Duration.ofMillis(500), Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(200));

    @TempDir
    Path dir;

    private OssecConf conf(TestIndexer indexer, String host, String ca, String cert, String key) {
        return OssecConf.load(TestIndexer.writeOssecConf(
                dir, List.of(host), List.of(indexer.cert(ca)), indexer.cert(cert), indexer.cert(key)));
    }

    private static IndexerConnector connector(IndexerClient client) {
        IndexerHealth health = new IndexerHealth(client);
        health.probeAll();
        return new IndexerConnector(client, health, QUICK);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "client.pem, client-key.pem,",
        "client.pem, client-key-pkcs1.pem,",
        "client-ec.pem, client-ec-key.pem,",
        "client.pem, client-key-encrypted.pem, " + TestIndexer.ENCRYPTED_KEY_PASSWORD,
    })
    void everyKeyFormReachesTheNode(String cert, String key, String password, TestIndexer indexer) throws Exception {
        OssecConf conf = conf(indexer, indexer.url(), "root-ca.pem", cert, key);
        try (IndexerClient client =
                IndexerClient.builder(conf.indexerSettings(password)).build()) {
            Response r = connector(client).execute("GET", "/_plugins/_security/authinfo", null);
            assertThat(r.status()).as(r.bodyAsString()).isEqualTo(200);
            assertThat(r.bodyAsString()).contains("\"user_name\":\"client\"");
            assertThat(r.host()).isEqualTo(indexer.url());
        }
    }

    @Test
    void encryptedKeyWithoutOrWithAWrongPasswordIsAConfigurationErrorNamingTheFile(TestIndexer indexer) {
        Path key = indexer.cert("client-key-encrypted.pem");
        OssecConf conf = conf(indexer, indexer.url(), "root-ca.pem", "client.pem", "client-key-encrypted.pem");
        assertThatThrownBy(() -> IndexerClient.builder(conf.indexerSettings()).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(key.toString())
                .hasMessageContaining("inventory.indexer.key-password");
        assertThatThrownBy(() ->
                        IndexerClient.builder(conf.indexerSettings("wrong")).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(key.toString())
                .hasMessageContaining("wrong password");
    }

    @Test
    void serverSignedByAnotherCaIsRefused(TestIndexer indexer) {
        OssecConf conf = conf(indexer, indexer.url(), "other-ca.pem", "client.pem", "client-key.pem");
        try (IndexerClient client = IndexerClient.create(conf.indexerSettings())) {
            assertThatThrownBy(() -> connector(client).execute("GET", "/", null))
                    .isInstanceOf(IndexerUnavailableException.class)
                    .hasMessageContaining(indexer.url())
                    .hasMessageContaining("PKIX path");
        }
    }

    @Test
    void expiredServerCertificateIsRefused(TestIndexer indexer) {
        try (FaultProxy expired =
                        FaultProxy.start(indexer, indexer.cert("node-expired.pem"), indexer.cert("node-key.pem"));
                IndexerClient client =
                        IndexerClient.create(conf(indexer, expired.url(), "root-ca.pem", "client.pem", "client-key.pem")
                                .indexerSettings())) {
            HostHealth h = client.probe(expired.url());
            assertThat(h.usable()).isFalse();
            assertThat(h.reason()).startsWith("SSLHandshakeException").containsIgnoringCase("expired");
            assertThatThrownBy(() -> connector(client).execute("GET", "/", null))
                    .isInstanceOf(IndexerUnavailableException.class)
                    .hasMessageContaining(expired.url())
                    .hasMessageContaining("CertificateExpiredException");
            assertThat(expired.requests())
                    .as("no request crossed the failed handshake")
                    .isEmpty();
        }
    }

    /** A name outside the node's SAN (localhost, 127.0.0.1), resolved to 127.0.0.1: refused, unless disabled. */
    @Test
    void wrongHostNameIsRefusedUnlessVerificationIsDisabledWhichWarnsLoudly(TestIndexer indexer) throws Exception {
        InMemoryDnsResolver dns = new InMemoryDnsResolver();
        dns.add("indexer.not-in-san.test", InetAddress.getByName("127.0.0.1"));
        String wrongName = "https://indexer.not-in-san.test:" + indexer.port();
        OssecConf conf = conf(indexer, wrongName, "root-ca.pem", "client.pem", "client-key.pem");

        try (IndexerClient client =
                IndexerClient.builder(conf.indexerSettings()).dnsResolver(dns).build()) {
            assertThatThrownBy(() -> connector(client).execute("GET", "/", null))
                    .isInstanceOf(IndexerUnavailableException.class)
                    .hasMessageContaining(wrongName)
                    .hasMessageContaining("doesn't match any of the subject alternative names");
        }

        Logger logger = (Logger) LoggerFactory.getLogger(IndexerClient.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try (IndexerClient client = IndexerClient.builder(conf.indexerSettings())
                .dnsResolver(dns)
                .verifyHostname(false)
                .build()) {
            assertThat(connector(client).execute("GET", "/", null).status()).isEqualTo(200);
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(logs.list)
                .filteredOn(e -> e.getLevel() == Level.WARN)
                .singleElement()
                .extracting(ILoggingEvent::getFormattedMessage)
                .asString()
                .contains("HOST NAME VERIFICATION IS DISABLED")
                .contains("verify-hostname=false")
                .contains(wrongName);
    }
}
