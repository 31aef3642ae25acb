package io.inventorysync.indexer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inventorysync.support.ConfigurationException;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** The indexer side refuses plain hosts by itself, whatever file the settings came from. */
class IndexerSettingsTest {

    @Test
    void aPlainHttpHostIsRefusedNamingIt() throws Exception {
        SSLContext tls = SSLContext.getDefault();
        assertThatThrownBy(
                        () -> new IndexerSettings(List.of("https://a:9200", "http://b:9200"), tls, List.of("TLSv1.3")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("http://b:9200")
                .hasMessageContaining("TLS only");
        assertThat(new IndexerSettings(List.of("https://a:9200"), tls, List.of("TLSv1.3")).hosts())
                .containsExactly("https://a:9200");
    }

    @Test
    void noHostIsRefused() throws Exception {
        assertThatThrownBy(() -> new IndexerSettings(List.of(), SSLContext.getDefault(), List.of("TLSv1.3")))
                .isInstanceOf(ConfigurationException.class);
    }
}
