package io.inventorysync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inventorysync.support.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OssecConfTest {
    @TempDir
    Path dir;

    private Path write(String xml) throws IOException {
        return Files.writeString(dir.resolve("ossec.conf"), xml);
    }

    private static String indexer(String hosts, String ssl) {
        return "<ossec_config><indexer><hosts>" + hosts + "</hosts><ssl>" + ssl + "</ssl></indexer></ossec_config>";
    }

    private static final String SSL = "<certificate_authorities><ca>certs/root-ca.pem</ca></certificate_authorities>"
            + "<certificate>certs/client.pem</certificate><key>certs/client-key.pem</key>";

    @Test
    void readsSeveralBlocksHostsAndCasAndResolvesPathsAgainstTheFile() throws IOException {
        Path file = write("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Wazuh writes several top-level blocks -->
                <ossec_config>
                  <global><logall>no</logall></global>
                  <cluster><name>prod-cluster</name><node_name>master</node_name></cluster>
                </ossec_config>
                <ossec_config>
                  <indexer>
                    <enabled>yes</enabled>
                    <hosts>
                      <host>https://10.0.0.1:9200</host>
                      <host> https://indexer-2.example.com:9201/ </host>
                      <host>indexer-3.example.com</host>
                    </hosts>
                    <ssl>
                      <certificate_authorities>
                        <ca>certs/root-ca.pem</ca>
                        <ca>/etc/wazuh/other-ca.pem</ca>
                      </certificate_authorities>
                      <certificate>certs/client.pem</certificate>
                      <key>../keys/client-key.pem</key>
                    </ssl>
                  </indexer>
                </ossec_config>
                """);

        OssecConf conf = OssecConf.load(file);

        assertThat(conf.file()).isEqualTo(file.toAbsolutePath());
        assertThat(conf.hosts())
                .containsExactly(
                        "https://10.0.0.1:9200",
                        "https://indexer-2.example.com:9201",
                        "https://indexer-3.example.com:9200");
        assertThat(conf.certificateAuthorities())
                .containsExactly(dir.resolve("certs/root-ca.pem"), Path.of("/etc/wazuh/other-ca.pem"));
        assertThat(conf.certificate()).isEqualTo(dir.resolve("certs/client.pem"));
        assertThat(conf.key()).isEqualTo(dir.getParent().resolve("keys/client-key.pem"));
        assertThat(conf.hasClientCertificate()).isTrue();
        assertThat(conf.clusterName()).isEqualTo("prod-cluster");
    }

    @Test
    void clusterNameDefaultsToWazuh() throws IOException {
        OssecConf conf = OssecConf.load(write(indexer("<host>https://127.0.0.1:9200</host>", SSL)));
        assertThat(conf.clusterName()).isEqualTo("wazuh");
    }

    @Test
    void laterBlockWins() throws IOException {
        OssecConf conf = OssecConf.load(
                write(indexer("<host>https://old:9200</host>", SSL) + indexer("<host>https://new:9200</host>", SSL)));
        assertThat(conf.hosts()).containsExactly("https://new:9200");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope/ossec.conf");
        assertThatThrownBy(() -> OssecConf.load(missing))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void invalidXmlIsNamed() throws IOException {
        Path file = write("<ossec_config><indexer><hosts></indexer>");
        assertThatThrownBy(() -> OssecConf.load(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(file + ": not valid XML");
    }

    @Test
    void noIndexerBlock() throws IOException {
        Path file = write("<ossec_config><global/></ossec_config>");
        assertThatThrownBy(() -> OssecConf.load(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(file + ": no <indexer> block");
    }

    @Test
    void noHost() throws IOException {
        Path file = write(indexer("", SSL));
        assertThatThrownBy(() -> OssecConf.load(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(file + ": no <indexer><hosts><host>");
    }

    @Test
    void httpHostIsRefusedNamingIt() throws IOException {
        Path file = write(indexer("<host>https://ok:9200</host><host>http://plain.example.com:9200</host>", SSL));
        assertThatThrownBy(() -> OssecConf.load(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'http://plain.example.com:9200' is not https://");
    }

    @Test
    void hostWithPathIsRefused() throws IOException {
        Path file = write(indexer("<host>https://h:9200/prefix</host>", SSL));
        assertThatThrownBy(() -> OssecConf.load(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'https://h:9200/prefix'");
    }

    @Test
    void noCaIsRefused() throws IOException {
        Path file = write(indexer("<host>https://h:9200</host>", "<certificate>c.pem</certificate><key>k.pem</key>"));
        assertThatThrownBy(() -> OssecConf.load(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("<ca>");
    }

    @Test
    void certificateWithoutKeyIsRefused() throws IOException {
        Path file = write(indexer(
                "<host>https://h:9200</host>",
                "<certificate_authorities><ca>ca.pem</ca></certificate_authorities><certificate>c.pem</certificate>"));
        assertThatThrownBy(() -> OssecConf.load(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("<certificate> is set but <key> is not");
    }

    @Test
    void noClientCertificateIsAllowed() throws IOException {
        OssecConf conf = OssecConf.load(write(indexer(
                "<host>https://h:9200</host>", "<certificate_authorities><ca>ca.pem</ca></certificate_authorities>")));
        assertThat(conf.hasClientCertificate()).isFalse();
        assertThat(conf.key()).isNull();
    }

    @Test
    void externalEntitiesAreNotResolved() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-VALUE");
        Path file = write("<?xml version=\"1.0\"?>\n<!DOCTYPE ossec_config [<!ENTITY xxe SYSTEM \""
                + secret.toUri() + "\">]>\n"
                + indexer("<host>https://&xxe;:9200</host>", SSL));
        assertThatThrownBy(() -> OssecConf.load(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(file + ": DOCTYPE declarations are not allowed")
                .hasMessageNotContaining("TOP-SECRET-VALUE");
    }

    @Test
    void undeclaredEntityIsAnXmlErrorNotALookup() throws IOException {
        Path file = write(indexer("<host>https://&xxe;:9200</host>", SSL));
        assertThatThrownBy(() -> OssecConf.load(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(file + ": not valid XML");
    }
}
