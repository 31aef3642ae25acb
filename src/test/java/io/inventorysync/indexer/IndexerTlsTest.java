package io.inventorysync.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inventorysync.config.OssecConf;
import io.inventorysync.support.ConfigurationException;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** PEM reading with the node's real certificates; several CAs reach the real node. */
@ExtendWith(TestIndexer.Extension.class)
class IndexerTlsTest {
    @TempDir
    Path dir;

    @Test
    void pkcs1AndPkcs8FormsGiveTheSameKey(TestIndexer indexer) {
        PrivateKey pkcs8 = PemFiles.privateKey(indexer.cert("client-key.pem"));
        PrivateKey pkcs1 = PemFiles.privateKey(indexer.cert("client-key-pkcs1.pem"));
        assertThat(pkcs1.getAlgorithm()).isEqualTo("RSA");
        assertThat(pkcs1.getEncoded()).isEqualTo(pkcs8.getEncoded());
    }

    @Test
    void readsSec1EcKey(TestIndexer indexer) throws Exception {
        assertThat(Files.readString(indexer.cert("client-ec-key.pem"))).contains("BEGIN EC PRIVATE KEY");
        assertThat(PemFiles.privateKey(indexer.cert("client-ec-key.pem"))).isInstanceOf(ECPrivateKey.class);
    }

    @Test
    void severalCasInOneFile(TestIndexer indexer) throws Exception {
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(
                bundle,
                Files.readString(indexer.cert("other-ca.pem")) + "\n# comments between blocks are ignored\n"
                        + Files.readString(indexer.cert("root-ca.pem")));
        assertThat(PemFiles.certificates(bundle, "CA certificate")).hasSize(2);
        probeWith(indexer, List.of(bundle));
    }

    @Test
    void severalCaFiles(TestIndexer indexer) {
        probeWith(indexer, List.of(indexer.cert("other-ca.pem"), indexer.cert("root-ca.pem")));
    }

    private void probeWith(TestIndexer indexer, List<Path> cas) {
        OssecConf conf = OssecConf.load(TestIndexer.writeOssecConf(
                dir.resolve("conf"),
                List.of(indexer.url()),
                cas,
                indexer.cert("client.pem"),
                indexer.cert("client-key.pem")));
        try (IndexerClient client = IndexerClient.create(conf)) {
            HostHealth health = client.probe(indexer.url());
            assertThat(health.usable())
                    .as("%s (node log: %s)", health.describe(), indexer.logFile())
                    .isTrue();
        }
    }

    @Test
    void fileWithoutPemIsNamed() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        assertThatThrownBy(() -> IndexerTls.sslContext(List.of(junk), null, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("CA certificate file " + junk + " holds no PEM block (-----BEGIN ...-----)");
    }

    @Test
    void corruptKeyIsNamed(TestIndexer indexer) throws Exception {
        Path bad = Files.writeString(
                dir.resolve("bad-key.pem"),
                "-----BEGIN RSA PRIVATE KEY-----\nMAMCAQA=\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() ->
                        IndexerTls.sslContext(List.of(indexer.cert("root-ca.pem")), indexer.cert("client.pem"), bad))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("private key file " + bad + " holds an invalid RSA PRIVATE KEY");
    }

    @Test
    void encryptedKeyIsRefused() throws Exception {
        Path enc = Files.writeString(
                dir.resolve("enc.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAMCAQA=\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.privateKey(enc))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(enc.toString())
                .hasMessageContaining("encrypted");
    }
}
