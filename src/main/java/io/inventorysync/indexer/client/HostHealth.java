package io.inventorysync.indexer.client;

/**
 * The result of one health probe of one indexer host.
 *
 * @param host   the host's base URL, {@code https://host:port}
 * @param usable true when the cluster answered {@code green} or {@code yellow}
 * @param status the cluster status the host reported ({@code green}, {@code yellow}, {@code red}), or null when it
 *               gave none (HTTP error, transport failure)
 * @param reason why the host is not usable (null when usable): the HTTP status and a short body excerpt, or the
 *               transport failure (connection refused, TLS handshake, timeout...)
 */
public record HostHealth(String host, boolean usable, String status, String reason) {

    static HostHealth usable(String host, String status) {
        return new HostHealth(host, true, status, null);
    }

    static HostHealth unusable(String host, String status, String reason) {
        return new HostHealth(host, false, status, reason);
    }

    /** One line for logs: {@code https://h:9200 usable (green)} or {@code https://h:9200 not usable: reason}. */
    public String describe() {
        return usable ? host + " usable (" + status + ")" : host + " not usable: " + reason;
    }
}
