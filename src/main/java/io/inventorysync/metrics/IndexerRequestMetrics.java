package io.inventorysync.metrics;

/**
 * What the indexer side reports of its HTTP requests: one latency per send to one host, and the decisions of its
 * policy (behaviour.md §8: retry after 429/5xx, failover after a transport failure, split after 413). The indexer
 * calls these; {@link PrometheusMetrics} exports them, {@link #NONE} drops them (the registry is off).
 *
 * <p>Labels are the request's {@link Kind} and the answer's class, never a host, an index or an id.
 */
public interface IndexerRequestMetrics {

    /** Which request it was, from its path: the label {@code kind}. */
    enum Kind {
        BULK("bulk"),
        DELETE_BY_QUERY("delete_by_query"),
        UPDATE_BY_QUERY("update_by_query"),
        SEARCH("search"),
        REFRESH("refresh"),
        HEALTH("health"),
        OTHER("other");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The kind of a request to {@code path} ({@code /idx/_delete_by_query?conflicts=proceed} and the like). */
        public static Kind of(String path) {
            int query = path.indexOf('?');
            String p = query < 0 ? path : path.substring(0, query);
            if (p.endsWith("/_bulk")) {
                return BULK;
            } else if (p.endsWith("/_delete_by_query")) {
                return DELETE_BY_QUERY;
            } else if (p.endsWith("/_update_by_query")) {
                return UPDATE_BY_QUERY;
            } else if (p.endsWith("/_search")) {
                return SEARCH;
            } else if (p.endsWith("/_refresh")) {
                return REFRESH;
            } else if (p.endsWith("/_cluster/health")) {
                return HEALTH;
            }
            return OTHER;
        }
    }

    /**
     * One send of a request to one host, answered or not: {@code status} is the HTTP status, or 0 when no answer
     * came (refused, reset, TLS failure, timeout). Every attempt counts, retries and the halves of a split too.
     */
    void request(Kind kind, int status, long nanos);

    /** A 429 or 5xx answer after which the same request is sent again, after the backoff. */
    void retry(Kind kind);

    /** A transport failure after which the same request goes to the next usable host. */
    void failover(Kind kind);

    /** A {@code _bulk} answered 413 and sent again in two halves. */
    void bulkSplit();

    /** Records nothing. */
    IndexerRequestMetrics NONE = new IndexerRequestMetrics() {
        @Override
        public void request(Kind kind, int status, long nanos) {}

        @Override
        public void retry(Kind kind) {}

        @Override
        public void failover(Kind kind) {}

        @Override
        public void bulkSplit() {}
    };
}
