package io.inventorysync.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inventorysync.support.ConfigurationException;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every key form the node's PEM files come in (written by openssl) reads to the same key; the others are named. */
@ExtendWith(TestIndexer.Extension.class)
class PemFilesTest {
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
    void encryptedPkcs8KeyDecryptsToTheSameKey(TestIndexer indexer) {
        assertThat(PemFiles.privateKey(
                                indexer.cert("client-key-encrypted.pem"),
                                TestIndexer.ENCRYPTED_KEY_PASSWORD.toCharArray())
                        .getEncoded())
                .isEqualTo(PemFiles.privateKey(indexer.cert("client-key.pem")).getEncoded());
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

    @Test
    void legacyOpensslEncryptedPemIsRefusedNamingTheFile() throws Exception {
        Path legacy = Files.writeString(
                dir.resolve("legacy.pem"),
                "-----BEGIN RSA PRIVATE KEY-----\n"
                        + "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMAMCAQA=\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.privateKey(legacy, "x".toCharArray()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(legacy.toString())
                .hasMessageContaining("encrypted");
    }
}
