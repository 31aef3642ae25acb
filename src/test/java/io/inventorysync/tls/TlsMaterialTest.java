package io.inventorysync.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inventorysync.support.ConfigurationException;
import io.inventorysync.testsupport.TestIndexer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Contexts built from the node's real PEM files; several CAs reach the real node; bad files are named. */
@ExtendWith(TestIndexer.Extension.class)
class TlsMaterialTest {
    @TempDir
    Path dir;

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
    void severalCaFiles(TestIndexer indexer) throws Exception {
        probeWith(indexer, List.of(indexer.cert("other-ca.pem"), indexer.cert("root-ca.pem")));
    }

    /**
     * The health probe of the indexer client, made with the JDK's HTTP client (which verifies the host name): the
     * node answers with a usable status only over mutual TLS, as it requires the client certificate.
     */
    private static void probeWith(TestIndexer indexer, List<Path> cas) throws Exception {
        SSLContext ssl = TlsMaterial.sslContext(cas, indexer.cert("client.pem"), indexer.cert("client-key.pem"));
        HttpClient http = HttpClient.newBuilder()
                .sslContext(ssl)
                .sslParameters(new SSLParameters(null, TlsMaterial.protocols()))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create(indexer.url() + "/_cluster/health"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode())
                .as("%s (node log: %s)", health.body(), indexer.logFile())
                .isEqualTo(200);
        assertThat(health.body()).containsAnyOf("\"status\":\"green\"", "\"status\":\"yellow\"");
    }

    @Test
    void fileWithoutPemIsNamed() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        assertThatThrownBy(() -> TlsMaterial.sslContext(List.of(junk), null, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("CA certificate file " + junk + " holds no PEM block (-----BEGIN ...-----)");
    }

    @Test
    void corruptKeyIsNamed(TestIndexer indexer) throws Exception {
        Path bad = Files.writeString(
                dir.resolve("bad-key.pem"),
                "-----BEGIN RSA PRIVATE KEY-----\nMAMCAQA=\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() ->
                        TlsMaterial.sslContext(List.of(indexer.cert("root-ca.pem")), indexer.cert("client.pem"), bad))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("private key file " + bad + " holds an invalid RSA PRIVATE KEY");
    }
}
