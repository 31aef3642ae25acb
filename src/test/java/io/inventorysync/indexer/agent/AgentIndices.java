package io.inventorysync.indexer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inventorysync.config.OssecConf;
import io.inventorysync.indexer.client.BulkItem;
import io.inventorysync.indexer.client.BulkItemResult;
import io.inventorysync.indexer.client.IndexerClient;
import io.inventorysync.indexer.client.IndexerConnector;
import io.inventorysync.indexer.client.IndexerHealth;
import io.inventorysync.indexer.client.IndexerRequests;
import io.inventorysync.indexer.client.Response;
import io.inventorysync.indexer.client.RetryPolicy;
import io.inventorysync.testsupport.TestIndexer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The real test node seen through {@link IndexerRequests}, with the Wazuh-like mapping and small helpers to write
 * and read agent documents. Every test works in indices of its own ({@link #newIndex}): the node is shared by the
 * whole test JVM.
 *
 * <p>The index template maps the agent, cluster and checksum fields as {@code keyword}, as the Wazuh
 * {@code wazuh-states-*} templates do; without it dynamic mapping would make them {@code text}. Its patterns cover
 * only this package's indices ({@code *-chk-*}) and its priority is unusual, so it neither clashes with nor
 * overrides another test's template.
 */
final class AgentIndices implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final IndexerClient client;
    private final IndexerConnector requests;

    private AgentIndices(IndexerClient client, IndexerConnector requests) {
        this.client = client;
        this.requests = requests;
    }

    /**
     * Gives a test class one {@link AgentIndices} (as a constructor or method parameter) on the shared test node,
     * opened on first use and closed with the class.
     */
    static final class Extension implements ParameterResolver {
        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(AgentIndices.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == AgentIndices.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            ExtensionContext classContext = context;
            while (classContext.getTestMethod().isPresent()) {
                classContext = classContext.getParent().orElseThrow();
            }
            return classContext
                    .getStore(NS)
                    .getOrComputeIfAbsent(
                            AgentIndices.class,
                            k -> openOnTempConf(TestIndexer.Extension.node(context)),
                            AgentIndices.class);
        }

        private static AgentIndices openOnTempConf(TestIndexer node) {
            try {
                Path dir = Files.createTempDirectory("agent-indices");
                try {
                    return open(node, dir);
                } finally {
                    // the client has read ossec.conf: it is not needed any more
                    Files.deleteIfExists(dir.resolve("ossec.conf"));
                    Files.deleteIfExists(dir);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static AgentIndices open(TestIndexer node, Path dir) throws IOException {
        IndexerClient client =
                IndexerClient.create(OssecConf.load(node.writeOssecConf(dir)).indexerSettings());
        IndexerHealth health = new IndexerHealth(client);
        health.probeAll();
        AgentIndices indices = new AgentIndices(client, new IndexerConnector(client, health, RetryPolicy.DEFAULT));
        indices.putTemplate();
        return indices;
    }

    IndexerRequests requests() {
        return requests;
    }

    /** A fresh index name under {@code prefix} (e.g. {@code wazuh-states-inventory-}), matched by the template. */
    static String newIndex(String prefix) {
        return prefix + "chk-" + SEQUENCE.incrementAndGet() + "-"
                + Long.toString(System.nanoTime(), 36).toLowerCase(Locale.ROOT);
    }

    /** A document of this agent and cluster. */
    static ObjectNode doc(String agentId, String cluster) {
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode wazuh = doc.putObject("wazuh");
        wazuh.putObject("agent").put("id", agentId).put("name", "old-name");
        wazuh.putObject("cluster").put("name", cluster);
        return doc;
    }

    static ObjectNode withHash(ObjectNode doc, String hash) {
        doc.putObject("checksum").putObject("hash").put("sha1", hash);
        return doc;
    }

    static ObjectNode withVersion(ObjectNode doc, long version) {
        doc.putObject("state").put("document_version", version);
        return doc;
    }

    /** Indexes the documents, ids {@code <prefix>0..n-1}, in one bulk; no refresh. */
    void putAll(String index, String idPrefix, List<ObjectNode> docs) throws IOException {
        List<BulkItem> items = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            items.add(indexItem(index, idPrefix + i, docs.get(i)));
        }
        for (BulkItemResult result : requests.bulk(items)) {
            assertThat(result.status()).as("%s", result).isIn(200, 201);
        }
    }

    void put(String index, String id, ObjectNode doc) throws IOException {
        for (BulkItemResult result : requests.bulk(List.of(indexItem(index, id, doc)))) {
            assertThat(result.status()).as("%s", result).isIn(200, 201);
        }
    }

    void refresh(String index) throws IOException {
        assertThat(requests.execute("POST", "/" + index + "/_refresh", null).isSuccess())
                .isTrue();
    }

    /** The stored {@code _source} (after a refresh is not needed: GET by id is real-time). */
    JsonNode source(String index, String id) throws IOException {
        Response response = requests.execute("GET", "/" + index + "/_doc/" + id, null);
        assertThat(response.status()).as(response.bodyAsString()).isEqualTo(200);
        return JSON.readTree(response.body()).path("_source");
    }

    /** The JSON answer of a GET that must succeed (e.g. node statistics). */
    JsonNode get(String path) throws IOException {
        Response response = requests.execute("GET", path, null);
        assertThat(response.isSuccess()).as(response.bodyAsString()).isTrue();
        return JSON.readTree(response.body());
    }

    boolean exists(String index, String id) throws IOException {
        return requests.execute("GET", "/" + index + "/_doc/" + id, null).status() == 200;
    }

    /** Documents in the index, after a refresh. */
    long count(String index) throws IOException {
        refresh(index);
        Response response = requests.execute("GET", "/" + index + "/_count", null);
        assertThat(response.isSuccess()).as(response.bodyAsString()).isTrue();
        return JSON.readTree(response.body()).path("count").asLong();
    }

    static BulkItem indexItem(String index, String id, ObjectNode doc) {
        ObjectNode action = JSON.createObjectNode();
        action.putObject("index").put("_index", index).put("_id", id);
        return new BulkItem(index, id, lines(action, doc));
    }

    static byte[] lines(JsonNode... nodes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (JsonNode node : nodes) {
                out.write(JSON.writeValueAsBytes(node));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void putTemplate() throws IOException {
        String template = """
                {"index_patterns": ["wazuh-states-inventory-chk-*", "wazuh-states-fim-chk-*", "wazuh-states-sca-chk-*"],
                 "priority": 317,
                 "template": {
                   "settings": {"number_of_shards": 1, "number_of_replicas": 0},
                   "mappings": {"properties": {
                     "wazuh": {"properties": {
                       "agent": {"properties": {"id": {"type": "keyword"}, "groups": {"type": "keyword"},
                                                "name": {"type": "keyword"}}},
                       "cluster": {"properties": {"name": {"type": "keyword"}}}}},
                     "checksum": {"properties": {"hash": {"properties": {"sha1": {"type": "keyword"}}}}},
                     "state": {"properties": {"document_version": {"type": "long"}, "modified_at": {"type": "date"}}}}}}}
                """;
        Response response = requests.execute(
                "PUT", "/_index_template/inventory-sync-checks-test", template.getBytes(StandardCharsets.UTF_8));
        assertThat(response.isSuccess()).as(response.bodyAsString()).isTrue();
    }

    @Override
    public void close() {
        client.close();
    }
}
