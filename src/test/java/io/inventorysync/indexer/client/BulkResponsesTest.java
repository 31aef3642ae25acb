package io.inventorysync.indexer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading {@code _bulk} answers as OpenSearch 2.19 writes them, field by field. */
class BulkResponsesTest {

    private static final List<BulkItem> SENT = List.of(item("a"), item("b"), item("c"), item("d"));

    @Test
    void readsEveryItemsActionIndexIdStatusAndError() throws IOException {
        String answer = """
                {"took":30,"errors":true,"items":[
                 {"index":{"_index":"wazuh-states-inventory-packages","_id":"a","_version":1,"result":"created",
                   "_shards":{"total":1,"successful":1,"failed":0},"_seq_no":0,"_primary_term":1,"status":201}},
                 {"delete":{"_index":"wazuh-states-inventory-packages","_id":"b","_version":1,"result":"not_found",
                   "_shards":{"total":1,"successful":1,"failed":0},"_seq_no":1,"_primary_term":1,"status":404}},
                 {"update":{"_index":"wazuh-states-inventory-packages","_id":"c","status":409,
                   "error":{"type":"version_conflict_engine_exception","reason":"[c]: version conflict","index":"x"}}},
                 {"index":{"_id":"d","status":400,"error":{"type":"mapper_parsing_exception"}},"ignored":[1,{"x":2}]}
                ]}""";
        List<BulkItemResult> results = BulkResponses.parse("https://h:9200", bytes(answer), SENT);
        assertThat(results)
                .containsExactly(
                        new BulkItemResult("index", "wazuh-states-inventory-packages", "a", 201, null, null),
                        new BulkItemResult("delete", "wazuh-states-inventory-packages", "b", 404, null, null),
                        new BulkItemResult(
                                "update",
                                "wazuh-states-inventory-packages",
                                "c",
                                409,
                                "version_conflict_engine_exception",
                                "[c]: version conflict"),
                        // no _index: the sent item's; no reason: the whole error
                        new BulkItemResult(
                                "index",
                                "idx",
                                "d",
                                400,
                                "mapper_parsing_exception",
                                "{\"type\":\"mapper_parsing_exception\"}"));
    }

    @Test
    void anAnswerWithAnotherNumberOfItemsIsAnError() {
        String answer = "{\"errors\":false,\"items\":[{\"index\":{\"_id\":\"a\",\"status\":201}}]}";
        assertThatThrownBy(() -> BulkResponses.parse("https://h:9200", bytes(answer), SENT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("has 1 items for 4 sent");
    }

    @Test
    void anAnswerThatIsNotJsonIsAnError() {
        assertThatThrownBy(() -> BulkResponses.parse("https://h:9200", bytes("<html>bad gateway"), SENT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> BulkResponses.parse("https://h:9200", bytes(""), SENT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("has 0 items for 4 sent");
    }

    @Test
    void anEmptyItemIsAnError() {
        String answer = "{\"items\":[{}]}";
        assertThatThrownBy(() -> BulkResponses.parse("https://h:9200", bytes(answer), SENT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("empty item 0");
    }

    private static BulkItem item(String id) {
        return new BulkItem("idx", id, bytes("{\"index\":{\"_index\":\"idx\",\"_id\":\"" + id + "\"}}\n{}\n"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
