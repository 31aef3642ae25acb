package io.inventorysync.indexer.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * The painless scripts the service sends, loaded once from {@code src/main/resources/painless/}. Each resource
 * explains itself in {@code //} comment lines; those lines are dropped here so the source sent with every request
 * stays small. The sources never vary: every value goes in {@code params}, so the indexer compiles each script once
 * and caches it (inline scripts are cached by source, and compilations are rate-limited).
 */
public final class PainlessScripts {

    private static final String VERSIONED_UPSERT = load("versioned-upsert.painless");
    private static final String AGENT_FIELDS_DELTA = load("agent-fields-delta.painless");
    private static final String AGENT_FIELDS_CHECK = load("agent-fields-check.painless");

    private PainlessScripts() {}

    /** Bulk {@code update} with {@code scripted_upsert}: params {@code doc}, {@code doc_version} (behaviour.md §5). */
    public static String versionedUpsert() {
        return VERSIONED_UPSERT;
    }

    /** Metadata/group delta: params {@code fields}, {@code global_version}, {@code now} (behaviour.md §7). */
    public static String agentFieldsDelta() {
        return AGENT_FIELDS_DELTA;
    }

    /** Metadata/group check: params {@code fields}; no-op where nothing differs (behaviour.md §7). */
    public static String agentFieldsCheck() {
        return AGENT_FIELDS_CHECK;
    }

    static String load(String name) {
        String resource = "/painless/" + name;
        try (InputStream in = PainlessScripts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("painless script " + resource + " is missing from the class path");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines()
                    .filter(line -> !line.isBlank() && !line.strip().startsWith("//"))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read painless script " + resource, e);
        }
    }
}
