package io.inventorysync.indexer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inventorysync.config.OssecConf;
import io.inventorysync.support.ConfigurationException;
import io.inventorysync.testsupport.TestIndexer;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.impl.InMemoryDnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.client.opensearch.generic.Body;

/** TlsMaterial + IndexerClient against the real node (mutual TLS, clientauth REQUIRE). */
@ExtendWith(TestIndexer.Extension.class)
class IndexerClientTest {
    @TempDir
    Path dir;

    private OssecConf conf(TestIndexer indexer, String ca, String cert, String key) {
        return OssecConf.load(TestIndexer.writeOssecConf(
                dir,
                List.of(indexer.url()),
                List.of(indexer.cert(ca)),
                cert == null ? null : indexer.cert(cert),
                key == null ? null : indexer.cert(key)));
    }

    private static void assertUsable(HostHealth health, TestIndexer indexer) {
        assertThat(health.usable())
                .as("%s (node log: %s)", health.describe(), indexer.logFile())
                .isTrue();
        assertThat(health.status()).isIn("green", "yellow");
        assertThat(health.reason()).isNull();
    }

    @Test
    void reachesIndexerWithPkcs8Key(TestIndexer indexer) {
        try (IndexerClient client =
                IndexerClient.create(OssecConf.load(indexer.writeOssecConf(dir)).indexerSettings())) {
            assertUsable(client.probe(indexer.url()), indexer);
        }
    }

    @Test
    void reachesIndexerWithPkcs1Key(TestIndexer indexer) {
        try (IndexerClient client =
                IndexerClient.create(conf(indexer, "root-ca.pem", "client.pem", "client-key-pkcs1.pem")
                        .indexerSettings())) {
            assertUsable(client.probe(indexer.url()), indexer);
        }
    }

    @Test
    void reachesIndexerWithEcKey(TestIndexer indexer) {
        try (IndexerClient client =
                IndexerClient.create(conf(indexer, "root-ca.pem", "client-ec.pem", "client-ec-key.pem")
                        .indexerSettings())) {
            assertUsable(client.probe(indexer.url()), indexer);
        }
    }

    @Test
    void sendReturnsStatusAndBody(TestIndexer indexer) throws Exception {
        String ndjson = "{\"index\":{\"_index\":\"client-test\",\"_id\":\"1\"}}\n{\"v\":1}\n";
        try (IndexerClient client =
                IndexerClient.create(OssecConf.load(indexer.writeOssecConf(dir)).indexerSettings())) {
            Response bulk = client.send(
                    indexer.url(),
                    "POST",
                    "/_bulk?refresh=true",
                    Body.from(ndjson.getBytes(StandardCharsets.UTF_8), "application/x-ndjson"));
            assertThat(bulk.status()).as(bulk.bodyAsString()).isEqualTo(200);
            assertThat(bulk.bodyAsString()).contains("\"errors\":false");

            Response missing = client.send(indexer.url(), "GET", "/client-test/_doc/absent", null);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.bodyAsString()).contains("\"found\":false");
        }
    }

    @Test
    void foreignCaRefusesTheHandshake(TestIndexer indexer) {
        try (IndexerClient client = IndexerClient.create(
                conf(indexer, "other-ca.pem", "client.pem", "client-key.pem").indexerSettings())) {
            HostHealth health = client.probe(indexer.url());
            assertThat(health.usable()).isFalse();
            assertThat(health.reason()).startsWith("SSLHandshakeException").contains("PKIX path");

            assertThatThrownBy(() -> client.send(indexer.url(), "GET", "/", null))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void withoutClientCertificateTheNodeRefuses(TestIndexer indexer) {
        try (IndexerClient client =
                IndexerClient.create(conf(indexer, "root-ca.pem", null, null).indexerSettings())) {
            HostHealth health = client.probe(indexer.url());
            assertThat(health.usable()).isFalse();
            assertThat(health.reason()).isNotBlank();
            // TLS 1.3: the node refuses the missing certificate after the client's side of the handshake is done, so
            // the
            // refusal reaches the client as an alert or, when the node closed first, as a broken pipe on its write
            assertThatThrownBy(() -> client.send(indexer.url(), "GET", "/", null))
                    .isInstanceOfAny(SSLException.class, SocketException.class);
        }
    }

    @Test
    void missingKeyFileIsAConfigurationErrorNamingIt(TestIndexer indexer) {
        OssecConf conf = conf(indexer, "root-ca.pem", "client.pem", "no-such-key.pem");
        assertThatThrownBy(() -> IndexerClient.create(conf.indexerSettings()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("private key file " + indexer.cert("no-such-key.pem") + " not found");
    }

    @Test
    void keyOfAnotherCertificateIsAConfigurationError(TestIndexer indexer) {
        OssecConf conf = conf(indexer, "root-ca.pem", "client.pem", "admin-key.pem");
        assertThatThrownBy(() -> IndexerClient.create(conf.indexerSettings()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(indexer.cert("admin-key.pem").toString())
                .hasMessageContaining("does not match client certificate");
    }

    /**
     * The node's certificate has SAN localhost and 127.0.0.1 only. A resolver maps a name outside the SAN to
     * 127.0.0.1, so the TCP connection and the CA-verified handshake succeed and only host name verification
     * (DefaultHostnameVerifier) can refuse it.
     */
    @Test
    void hostNameOutsideTheCertificateIsRefused(TestIndexer indexer) throws Exception {
        InMemoryDnsResolver dns = new InMemoryDnsResolver();
        dns.add("indexer.not-in-san.test", InetAddress.getByName("127.0.0.1"));
        dns.add("localhost", InetAddress.getByName("127.0.0.1"));
        String wrongName = "https://indexer.not-in-san.test:" + indexer.port();
        OssecConf conf = OssecConf.load(TestIndexer.writeOssecConf(
                dir,
                List.of(wrongName, indexer.url()),
                List.of(indexer.cert("root-ca.pem")),
                indexer.cert("client.pem"),
                indexer.cert("client-key.pem")));

        try (IndexerClient client =
                IndexerClient.builder(conf.indexerSettings()).dnsResolver(dns).build()) {
            HostHealth health = client.probe(wrongName);
            assertThat(health.usable()).isFalse();
            assertThat(health.reason())
                    .contains("indexer.not-in-san.test")
                    .contains("doesn't match any of the subject alternative names");
            // the same resolver, a name in the SAN: usable (so the failure above is the name, nothing else)
            assertUsable(client.probe(indexer.url()), indexer);
        }
    }

    /** Also with the machine's real host name when it resolves to loopback (e.g. "vm" in /etc/hosts). */
    @Test
    void machineHostNameIsRefusedWhenItResolvesToLoopback(TestIndexer indexer) throws Exception {
        InetAddress local = InetAddress.getLocalHost();
        String name = local.getHostName();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                local.isLoopbackAddress() && local.getHostAddress().equals("127.0.0.1") && !name.equals("localhost"),
                "host name does not resolve to 127.0.0.1");
        String host = "https://" + name + ":" + indexer.port();
        OssecConf conf = OssecConf.load(TestIndexer.writeOssecConf(
                dir,
                List.of(host),
                List.of(indexer.cert("root-ca.pem")),
                indexer.cert("client.pem"),
                indexer.cert("client-key.pem")));
        try (IndexerClient client = IndexerClient.create(conf.indexerSettings())) {
            HostHealth health = client.probe(host);
            assertThat(health.usable()).isFalse();
            assertThat(health.reason()).contains("doesn't match any of the subject alternative names");
        }
    }
}
