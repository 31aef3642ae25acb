package io.inventorysync.indexer.agent;

import static io.inventorysync.indexer.agent.AgentIndices.doc;
import static io.inventorysync.indexer.agent.AgentIndices.newIndex;
import static io.inventorysync.indexer.agent.AgentIndices.withHash;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inventorysync.testsupport.TestIndexer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ModuleCheck checksum against the real node (behaviour.md §6). Documents are written without a refresh on purpose. */
@ExtendWith({TestIndexer.Extension.class, AgentIndices.Extension.class})
class ModuleChecksumTest {
    private static final String EMPTY_SHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    private static final String AGENT = "101";
    private static final String CLUSTER = "cluster-a";

    private final AgentIndices indices;

    ModuleChecksumTest(AgentIndices indices) {
        this.indices = indices;
    }

    @Test
    void equalChecksumIsOk() throws IOException {
        String index = newIndex("wazuh-states-inventory-");
        List<String> hashes = List.of(sha1("c"), sha1("a"), sha1("b"));
        indices.putAll(
                index,
                "d",
                hashes.stream().map(h -> withHash(doc(AGENT, CLUSTER), h)).toList());

        ChecksumVerdict verdict = new ModuleChecksum(indices.requests()).check(index, AGENT, CLUSTER, expected(hashes));

        assertThat(verdict).isEqualTo(ChecksumVerdict.OK);
        assertThat(verdict.status()).isEqualTo(Wazuh.SyncSchema.Status.Ok);
    }

    @Test
    void differentChecksumIsMismatch() throws IOException {
        String index = newIndex("wazuh-states-inventory-");
        List<String> hashes = List.of(sha1("a"), sha1("b"));
        indices.putAll(
                index,
                "d",
                hashes.stream().map(h -> withHash(doc(AGENT, CLUSTER), h)).toList());

        ChecksumVerdict verdict =
                new ModuleChecksum(indices.requests()).check(index, AGENT, CLUSTER, expected(List.of(sha1("a"))));

        assertThat(verdict).isEqualTo(ChecksumVerdict.CHECKSUM_MISMATCH);
        assertThat(verdict.status()).isEqualTo(Wazuh.SyncSchema.Status.ChecksumMismatch);
    }

    @Test
    void noDocumentsOfTheAgentIsSha1OfEmptyString() throws IOException {
        String index = newIndex("wazuh-states-inventory-");
        indices.put(index, "other", withHash(doc("102", CLUSTER), sha1("x")));

        assertThat(new ModuleChecksum(indices.requests()).sha1Hex(index, AGENT, CLUSTER))
                .isEqualTo(EMPTY_SHA1);
    }

    @Test
    void missingIndexIsSha1OfEmptyString() throws IOException {
        assertThat(new ModuleChecksum(indices.requests()).sha1Hex(newIndex("wazuh-states-fim-"), AGENT, CLUSTER))
                .isEqualTo(EMPTY_SHA1);
    }

    @Test
    void twoThousandFiveHundredDocumentsInThreePagesWithDuplicatesAllCounted() throws IOException {
        String index = newIndex("wazuh-states-inventory-");
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            hashes.add(sha1("item-" + (i % 2_400))); // 100 hashes twice: duplicates must all count
        }
        indices.putAll(
                index,
                "d",
                hashes.stream().map(h -> withHash(doc(AGENT, CLUSTER), h)).toList());
        RecordingRequests recording = new RecordingRequests(indices.requests());

        String checksum = new ModuleChecksum(recording).sha1Hex(index, AGENT, CLUSTER);

        assertThat(checksum).isEqualTo(expected(hashes));
        assertThat(recording.count("/_search"))
                .as("pages of 1000 distinct hashes")
                .isEqualTo(3);
        assertThat(recording.requests.get(0)).as("refresh first").contains("/_refresh");
    }

    @Test
    void onlyThisAgentsAndClustersDocumentsCount() throws IOException {
        String index = newIndex("wazuh-states-inventory-");
        String otherIndex = newIndex("wazuh-states-inventory-");
        List<ObjectNode> docs = List.of(
                withHash(doc(AGENT, CLUSTER), sha1("mine-1")),
                withHash(doc(AGENT, CLUSTER), sha1("mine-2")),
                withHash(doc("102", CLUSTER), sha1("other agent")),
                withHash(doc("1010", CLUSTER), sha1("agent with a longer id")),
                withHash(doc(AGENT, "cluster-b"), sha1("other cluster")),
                doc(AGENT, CLUSTER)); // no checksum at all
        indices.putAll(index, "d", docs);
        indices.put(otherIndex, "x", withHash(doc(AGENT, CLUSTER), sha1("other index")));

        assertThat(new ModuleChecksum(indices.requests()).sha1Hex(index, AGENT, CLUSTER))
                .isEqualTo(expected(List.of(sha1("mine-1"), sha1("mine-2"))));
    }

    @Test
    void indexOutsideTheAllowlistIsError() {
        assertThat(new ModuleChecksum(indices.requests()).check("other-index", AGENT, CLUSTER, EMPTY_SHA1))
                .isEqualTo(ChecksumVerdict.ERROR);
    }

    /** What the agent computes: SHA-1 over its hashes sorted ascending and concatenated. */
    private static String expected(List<String> hashes) {
        return sha1(hashes.stream().sorted().collect(Collectors.joining()));
    }

    static String sha1(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
