package io.inventorysync.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inventorysync.indexer.agent.AgentMetadata;
import io.inventorysync.indexer.client.BulkItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The streamed {@code _bulk} lines against the tree version ({@link AgentDocuments#document}); no indexer. */
class AgentDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AgentMetadata META =
            new AgentMetadata("n", "v", List.of("g1", "g2"), "arm64", "h", "os", "plat", "type", "1.0");
    private static final AgentDocuments DOCUMENTS = new AgentDocuments("001", "c", META, "the script");

    @Test
    void indexIsTheActionAndTheOverlaidDocument() throws IOException {
        List<JsonNode> lines = lines(DOCUMENTS.index("i", "c_001_x", json("{\"package\":{\"name\":\"p\"}}")));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(JSON.readTree("{\"index\":{\"_index\":\"i\",\"_id\":\"c_001_x\"}}"));
        assertThat(lines.get(1).path("package").path("name").asText()).isEqualTo("p");
        assertThat(lines.get(1).path("wazuh").path("agent").path("id").asText()).isEqualTo("001");
        assertThat(lines.get(1).path("wazuh").path("cluster").path("name").asText())
                .isEqualTo("c");
    }

    @Test
    void versionedUpdateCarriesTheDocumentTwice() throws IOException {
        byte[] data = json("{\"a\":[1,{\"b\":null}],\"wazuh\":{\"agent\":{\"id\":\"999\",\"x\":true}}}");

        List<JsonNode> lines = lines(DOCUMENTS.versionedUpsert("i", "d", data, 7));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(JSON.readTree("{\"update\":{\"_index\":\"i\",\"_id\":\"d\"}}"));
        JsonNode doc = treeOutput(data);
        ObjectNode expected = JSON.createObjectNode();
        ObjectNode script =
                expected.putObject("script").put("source", "the script").put("lang", "painless");
        script.putObject("params").put("doc_version", 7).set("doc", doc);
        expected.set("upsert", doc);
        expected.put("scripted_upsert", true);
        assertThat(lines.get(1)).isEqualTo(expected);
        assertThat(doc.path("wazuh").path("agent").path("x").asBoolean()).isTrue();
    }

    @Test
    void deleteIsTheActionOnly() throws IOException {
        assertThat(lines(DOCUMENTS.delete("i", "d")))
                .containsExactly(JSON.readTree("{\"delete\":{\"_index\":\"i\",\"_id\":\"d\"}}"));
    }

    @Test
    void newlinesInKeysAndStringsStayEscaped() throws IOException {
        byte[] data = json("{\"a\\nb\":\"x\\n{\\\"index\\\":{}}\\r\\n\",\"wazuh.agent\\n\":\"\\u2028\"}");

        for (BulkItem item : List.of(DOCUMENTS.index("i", "d", data), DOCUMENTS.versionedUpsert("i", "d", data, 1))) {
            byte[] bytes = item.lines();
            int newlines = 0;
            for (byte b : bytes) {
                newlines += b == '\n' ? 1 : 0;
            }
            assertThat(newlines).as(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(2);
            assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
        }
        assertThat(lines(DOCUMENTS.index("i", "d", data)).get(1)).isEqualTo(treeOutput(data));
    }

    @Test
    void everySpellingOfAnOverlayFieldIsReplaced() throws IOException {
        byte[] data = json("{\"wazuh.agent.id\":\"002\",\"wazuh\":{\"agent.id\":\"003\",\"keep\":1,"
                + "\"cluster\":\"flat\"},\"wazuh.agent\":{\"id\":\"004\",\"host.os\":{\"name\":\"x\",\"k\":2}},"
                + "\"wazuh.agent.\":5,\"other.key\":6}");

        JsonNode doc = lines(DOCUMENTS.index("i", "d", data)).get(1);

        assertThat(doc).isEqualTo(treeOutput(data));
        assertThat(doc.has("wazuh.agent.id")).isFalse();
        assertThat(doc.path("wazuh").path("keep").asInt()).isEqualTo(1); // merged into the document's own object
        assertThat(doc.path("wazuh").path("cluster").path("name").asText()).isEqualTo("c");
        assertThat(doc.path("wazuh.agent")).isEqualTo(JSON.readTree("{\"host.os\":{\"k\":2}}"));
        assertThat(doc.path("wazuh.agent.").asInt()).isEqualTo(5);
        assertThat(doc.path("other.key").asInt()).isEqualTo(6);
    }

    @Test
    void badDocumentsAreRefusedAndLeaveNothingBehind() throws IOException {
        List<String> bad = List.of(
                "",
                "  ",
                "[1]",
                "\"s\"",
                "null",
                "{\"a\":1} x",
                "{\"a\":1}{}",
                "{\"a\":",
                "{\"a\":\"x\",\"b\":[1,2,{\"c\":tru}]}",
                "{\"wazuh\":{\"agent\":{\"id\":\"1\",\"host\":{\"os\":[1,}}}}",
                "{\"a\":\"\u0001\"}",
                "{\"a\":1,\"a\":2}",
                "{\"a\":{\"b\":1,\"c\":2,\"b\":3}}",
                "{\"wazuh.agent.id\":{\"x\":1,\"x\":2}}",
                "{\"wazuh\":{\"agent\":{\"id\":\"1\",\"id\":\"2\"}}}",
                "{\"wazuh\":{},\"wazuh\":{}}");
        for (String data : bad) {
            assertThatThrownBy(() -> DOCUMENTS.index("i", "d", json(data)))
                    .as(data)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> DOCUMENTS.versionedUpsert("i", "d", json(data), 3))
                    .as(data)
                    .isInstanceOf(IllegalArgumentException.class);
            // the next item's lines are its own
            assertThat(lines(DOCUMENTS.index("i", "ok", json("{\"k\":1}"))))
                    .containsExactly(
                            JSON.readTree("{\"index\":{\"_index\":\"i\",\"_id\":\"ok\"}}"),
                            treeOutput(json("{\"k\":1}")));
        }
    }

    @Test
    void aDuplicateKeyIsNamedEscapedInTheReason() {
        assertThatThrownBy(() -> DOCUMENTS.index("i", "d", json("{\"a\\nb\":1,\"a\\nb\":2}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Duplicate")
                .hasMessageNotContaining("\n");
    }

    /** Random documents aimed at the overlay's paths: the streamed JSON equals what the tree version serialises. */
    @Test
    void streamedDocumentsEqualTheTreeVersion() throws IOException {
        Random random = new Random(20250301);
        for (int i = 0; i < 5000; i++) {
            byte[] data = json(new Doc(random).object(0));
            JsonNode expected = treeOutput(data);

            List<JsonNode> index = lines(DOCUMENTS.index("i", "d", data));
            List<JsonNode> update = lines(DOCUMENTS.versionedUpsert("i", "d", data, i + 1));

            String what = new String(data, StandardCharsets.UTF_8);
            assertThat(index.get(1)).as(what).isEqualTo(expected);
            assertThat(update.get(1).path("script").path("params").path("doc"))
                    .as(what)
                    .isEqualTo(expected);
            assertThat(update.get(1).path("upsert")).as(what).isEqualTo(expected);
        }
    }

    /** A random JSON text, spelt by hand: number literals, escapes and whitespace as agents may send them. */
    private static final class Doc {
        private static final String[] SEGMENTS = {
            "wazuh",
            "agent",
            "id",
            "name",
            "version",
            "groups",
            "host",
            "architecture",
            "hostname",
            "os",
            "platform",
            "type",
            "cluster"
        };
        private static final String[] OTHERS = {"", "package", "ñandú", "日本", "😀", "a\nb", "x\"y", "wazuh ", "WAZUH"};
        private static final String[] NUMBERS = {
            "0",
            "-0",
            "7",
            "-12",
            "2147483648",
            "-9223372036854775808",
            "18446744073709551616",
            "123456789012345678901234567890",
            "0.5",
            "-0.0",
            "1e3",
            "1E-7",
            "2.5e+10",
            "1e308",
            "1e400",
            "-1e400",
            "4.9e-324",
            "1e-400",
            "1.00000000000000000001",
            "3.141592653589793238462643383279"
        };
        private static final String[] STRINGS = {
            "",
            "p",
            "ünïcödé",
            "日本語",
            "😀 \ud83d\ude00",
            "tab\tnew\nline",
            "quote\"back\\slash",
            "\u0000\u001f",
            "\u2028\u2029",
            "{\"index\":{}}"
        };

        private final Random random;

        Doc(Random random) {
            this.random = random;
        }

        String object(int depth) {
            StringBuilder out = new StringBuilder().append('{').append(space());
            Set<String> keys = new LinkedHashSet<>();
            int n = random.nextInt(depth == 0 ? 8 : 5);
            for (int i = 0; i < n; i++) {
                keys.add(key());
            }
            String sep = "";
            for (String key : keys) {
                out.append(sep)
                        .append(space())
                        .append(string(key))
                        .append(space())
                        .append(':')
                        .append(space());
                out.append(value(depth + 1));
                sep = ",";
            }
            return out.append(space()).append('}').toString();
        }

        private String key() {
            int kind = random.nextInt(10);
            if (kind < 4) {
                return SEGMENTS[random.nextInt(kind < 2 ? 2 : SEGMENTS.length)];
            }
            if (kind < 8) {
                // dotted, mostly along the overlay's paths, sometimes off them or with empty segments
                StringBuilder key = new StringBuilder();
                int parts = 2 + random.nextInt(4);
                for (int p = 0; p < parts; p++) {
                    if (p > 0) {
                        key.append('.');
                    }
                    int r = random.nextInt(12);
                    key.append(
                            r < 4
                                    ? SEGMENTS[Math.min(p, 2) + random.nextInt(2)]
                                    : r < 11 ? SEGMENTS[random.nextInt(SEGMENTS.length)] : "");
                }
                return key.toString();
            }
            return OTHERS[random.nextInt(OTHERS.length)];
        }

        private String value(int depth) {
            int kind = random.nextInt(depth > 5 ? 6 : 10);
            return switch (kind) {
                case 0, 1 -> NUMBERS[random.nextInt(NUMBERS.length)];
                case 2, 3 -> string(STRINGS[random.nextInt(STRINGS.length)]);
                case 4 -> random.nextBoolean() ? "true" : "false";
                case 5 -> "null";
                case 6, 7 -> array(depth);
                default -> object(depth);
            };
        }

        private String array(int depth) {
            List<String> values = new ArrayList<>();
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                values.add(value(depth + 1));
            }
            return "[" + space() + String.join("," + space(), values) + space() + "]";
        }

        private String string(String text) {
            String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(text));
            // sometimes \\u-escaped: the same string spelt otherwise
            if (random.nextInt(4) == 0 && !text.isEmpty()) {
                StringBuilder escaped = new StringBuilder();
                text.chars().forEach(c -> escaped.append(String.format(Locale.ROOT, "\\u%04x", c)));
                quoted = escaped.toString();
            }
            return "\"" + quoted + "\"";
        }

        private String space() {
            return switch (random.nextInt(8)) {
                case 0 -> " ";
                case 1 -> "\n";
                case 2 -> "\t\r\n ";
                default -> "";
            };
        }
    }

    /** The tree version's document as it would be sent: serialised, then parsed back like the streamed line. */
    private static JsonNode treeOutput(byte[] data) throws IOException {
        return JSON.readTree(JSON.writeValueAsBytes(DOCUMENTS.document(data)));
    }

    private static List<JsonNode> lines(BulkItem item) throws IOException {
        String text = new String(item.lines(), StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
