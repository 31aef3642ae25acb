package io.inventorysync.indexer.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inventorysync.indexer.IndexAllowlist;
import io.inventorysync.indexer.IndexerRequests;
import io.inventorysync.indexer.Response;
import io.inventorysync.support.LogText;
import io.inventorysync.support.RateLimitedLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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
        ok(requests.execute("POST", "/" + index + "/_refresh?ignore_unavailable=true", null), "refresh of " + index);
        MessageDigest sha1 = sha1();
        String path = "/" + index + "/_search?ignore_unavailable=true";
        JsonNode after = null;
        long documents = 0;
        int pages = 0;
        do {
            JsonNode answer = ok(
                    requests.execute("POST", path, JSON.writeValueAsBytes(page(agentId, clusterName, after))),
                    "checksum search of " + index);
            pages++;
            JsonNode aggregation = answer.path("aggregations").path("hashes");
            for (JsonNode bucket : aggregation.path("buckets")) {
                byte[] hash = bucket.path("key").path("hash").asText().getBytes(StandardCharsets.UTF_8);
                long count = bucket.path("doc_count").asLong();
                for (long i = 0; i < count; i++) {
                    sha1.update(hash);
                }
                documents += count;
            }
            // a missing index answers without aggregations; the last page without after_key
            after = aggregation.path("buckets").size() < PAGE_SIZE ? null : aggregation.get("after_key");
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

    private static ObjectNode page(String agentId, String clusterName, JsonNode after) {
        ObjectNode query = AgentQuery.agentAndCluster(agentId, clusterName);
        ((ArrayNode) query.path("bool").path("filter"))
                .addObject()
                .putObject("exists")
                .put("field", HASH_FIELD);
        ObjectNode body = JSON.createObjectNode();
        body.put("size", 0);
        body.put("track_total_hits", false);
        body.set("query", query);
        ObjectNode composite = body.putObject("aggs").putObject("hashes").putObject("composite");
        composite.put("size", PAGE_SIZE);
        composite
                .putArray("sources")
                .addObject()
                .putObject("hash")
                .putObject("terms")
                .put("field", HASH_FIELD)
                .put("order", "asc");
        if (after != null) {
            composite.set("after", after);
        }
        return body;
    }

    private static JsonNode ok(Response response, String what) throws IOException {
        if (!response.isSuccess()) {
            throw new IOException(what + " answered HTTP " + response.status() + ": " + response.excerpt(300));
        }
        JsonNode body = JSON.readTree(response.body());
        JsonNode shardFailures = body.path("_shards").path("failed");
        if (shardFailures.asInt(0) > 0) {
            throw new IOException(what + " failed on " + shardFailures.asInt() + " shard(s): " + response.excerpt(300));
        }
        // a timed-out search answers with what it found so far: a checksum of part of the documents
        if (body.path("timed_out").asBoolean(false)) {
            throw new IOException(what + " timed out: " + response.excerpt(300));
        }
        return body;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
