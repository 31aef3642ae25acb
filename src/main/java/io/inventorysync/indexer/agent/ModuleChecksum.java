package io.inventorysync.indexer.agent;

import io.inventorysync.indexer.client.IndexerRequests;
import io.inventorysync.support.LogText;
import io.inventorysync.support.RateLimitedLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.aggregations.Aggregate;
import org.opensearch.client.opensearch._types.aggregations.CompositeAggregationSource;
import org.opensearch.client.opensearch._types.aggregations.CompositeBucket;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.indices.RefreshResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ModuleCheck checksum (behaviour.md §6): the lowercase hex SHA-1 over the concatenation of every
 * {@code checksum.hash.sha1} of one agent and cluster in one index, sorted ascending.
 *
 * <p>How the values are read: a {@code composite} aggregation on {@code checksum.hash.sha1}, 1000 buckets a page,
 * paged with {@code after} (the aggregation's {@code search_after}). Each bucket is one distinct hash with its
 * document count, so duplicates all count (the hash is fed to the digest {@code doc_count} times) without a
 * tiebreaker. Plain {@code search_after} on the hash alone would skip duplicates cut by a page boundary, and the
 * usual tiebreaker, {@code _id}, is sortable only through fielddata that OpenSearch loads for every document of the
 * shard into the heap; {@code _shard_doc} does not exist in OpenSearch 2.x. Buckets are ordered by the keyword's
 * byte order, the same order as a sort on the field.
 *
 * <p>Assumes {@code checksum.hash.sha1}, {@code wazuh.agent.id} and {@code wazuh.cluster.name} are {@code keyword}
 * fields, as in the Wazuh {@code wazuh-states-*} templates.
 */
public final class ModuleChecksum {

    static final String HASH_FIELD = "checksum.hash.sha1";
    static final int PAGE_SIZE = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(ModuleChecksum.class);
    // agents choose the indices: their mistakes are logged at most once per 10 s, with the count of the rest
    private static final RateLimitedLog BAD_INPUT = new RateLimitedLog(LOG, 10_000);

    private final IndexerRequests requests;

    public ModuleChecksum(IndexerRequests requests) {
        this.requests = requests;
    }

    /**
     * The checksum of the agent's documents in {@code index}, after a refresh so that every document acknowledged
     * before is counted. A missing index has no documents: the SHA-1 of the empty string.
     *
     * @param index       an allowlisted index
     * @param agentId     the 3-padded agent id
     * @param clusterName the session's cluster name
     * @throws IOException when the indexer cannot be reached or answers with an error
     */
    public String sha1Hex(String index, String agentId, String clusterName) throws IOException {
        if (!IndexAllowlist.isAllowed(index)) {
            throw new IllegalArgumentException("index not allowlisted: " + LogText.printable(index));
        }
        // the checksum must see everything acknowledged before: make it searchable now, no waiting
        RefreshResponse refresh =
                requests.client().indices().refresh(r -> r.index(index).ignoreUnavailable(true));
        if (refresh.shards().failed() > 0) {
            throw new IOException(
                    "refresh of " + index + " failed on " + refresh.shards().failed() + " shard(s): "
                            + ByQueryResult.excerpt(refresh.shards().toJsonString()));
        }
        MessageDigest sha1 = sha1();
        Query query =
                AgentQuery.agentAndCluster(agentId, clusterName, Query.of(q -> q.exists(e -> e.field(HASH_FIELD))));
        Map<String, FieldValue> after = null;
        long documents = 0;
        int pages = 0;
        do {
            SearchResponse<JsonData> answer = requests.client().search(page(index, query, after), JsonData.class);
            checkComplete(answer, "checksum search of " + index);
            pages++;
            Aggregate aggregate = answer.aggregations().get("hashes");
            // a missing index answers without aggregations
            List<CompositeBucket> buckets = aggregate == null
                    ? List.of()
                    : aggregate.composite().buckets().array();
            for (CompositeBucket bucket : buckets) {
                byte[] hash = bucket.key().get("hash").stringValue().getBytes(StandardCharsets.UTF_8);
                long count = bucket.docCount();
                for (long i = 0; i < count; i++) {
                    sha1.update(hash);
                }
                documents += count;
            }
            // the last page: fewer buckets than asked for, or no after_key
            after = buckets.size() < PAGE_SIZE
                            || aggregate.composite().afterKey().isEmpty()
                    ? null
                    : aggregate.composite().afterKey();
        } while (after != null);
        String hex = HexFormat.of().formatHex(sha1.digest());
        LOG.debug("Checksum of agent {} in {}: {} documents in {} page(s), {}", agentId, index, documents, pages, hex);
        return hex;
    }

    /**
     * Compares the agent's checksum with the indexer's: {@link ChecksumVerdict#OK} when equal,
     * {@link ChecksumVerdict#CHECKSUM_MISMATCH} when not, {@link ChecksumVerdict#ERROR} when the index is not
     * allowlisted or the indexer could not answer (logged).
     */
    public ChecksumVerdict check(String index, String agentId, String clusterName, String agentChecksum) {
        if (!IndexAllowlist.isAllowed(index)) {
            BAD_INPUT.warn(
                    "index", "Checksum of agent {}: index '{}' is not allowlisted", agentId, LogText.printable(index));
            return ChecksumVerdict.ERROR;
        }
        try {
            String ours = sha1Hex(index, agentId, clusterName);
            if (ours.equals(agentChecksum)) {
                return ChecksumVerdict.OK;
            }
            LOG.debug(
                    "Checksum of agent {} in {} differs: agent {}, indexer {}",
                    agentId,
                    index,
                    LogText.printable(agentChecksum),
                    ours);
            return ChecksumVerdict.CHECKSUM_MISMATCH;
        } catch (IOException e) {
            LOG.warn("Checksum of agent {} in {} failed: {}", agentId, index, e.getMessage());
            return ChecksumVerdict.ERROR;
        }
    }

    /** One page of distinct hashes in byte order, with their counts; no hits, no total. */
    private static SearchRequest page(String index, Query query, Map<String, FieldValue> after) {
        return SearchRequest.of(s -> s.index(index)
                .ignoreUnavailable(true)
                .size(0)
                .trackTotalHits(t -> t.enabled(false))
                .query(query)
                .aggregations(
                        "hashes",
                        a -> a.composite(c -> {
                            c.size(PAGE_SIZE)
                                    .sources(Map.of(
                                            "hash",
                                            CompositeAggregationSource.of(src -> src.terms(
                                                    t -> t.field(HASH_FIELD).order(SortOrder.Asc)))));
                            return after == null ? c : c.after(after);
                        })));
    }

    private static void checkComplete(SearchResponse<?> answer, String what) throws IOException {
        int failed = answer.shards().failed();
        if (failed > 0) {
            throw new IOException(what + " failed on " + failed + " shard(s): "
                    + ByQueryResult.excerpt(answer.shards().toJsonString()));
        }
        // a timed-out search answers with what it found so far: a checksum of part of the documents
        if (answer.timedOut()) {
            throw new IOException(what + " timed out");
        }
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
