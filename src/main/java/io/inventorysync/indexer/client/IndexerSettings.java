package io.inventorysync.indexer.client;

import io.inventorysync.support.ConfigurationException;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Where the indexer is and how to trust it (behaviour.md §8), whatever file they came from: the wiring maps
 * ossec.conf's {@code <indexer>} block onto this.
 *
 * @param hosts        base URLs, {@code https://host:port}, in configuration order, at least one
 * @param sslContext   trusts the configured CAs only, and presents the client certificate when one is configured
 * @param tlsProtocols the protocol versions offered ({@code TLSv1.3}, {@code TLSv1.2}): an {@link SSLContext} cannot
 *                     forbid older ones by itself
 */
public record IndexerSettings(List<String> hosts, SSLContext sslContext, List<String> tlsProtocols) {

    public IndexerSettings {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new ConfigurationException("no indexer host configured");
        }
        for (String host : hosts) {
            // the connection is TLS only: a plain host would send the client's requests (and basic auth) in clear
            if (!host.startsWith("https://")) {
                throw new ConfigurationException(
                        "indexer host '" + host + "' is not https://: the indexer connection is TLS only");
            }
        }
        Objects.requireNonNull(sslContext, "sslContext");
        tlsProtocols = List.copyOf(tlsProtocols);
    }
}
