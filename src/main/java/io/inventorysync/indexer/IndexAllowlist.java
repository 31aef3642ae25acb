package io.inventorysync.indexer;

import java.util.regex.Pattern;

/**
 * The indices agents may name (behaviour.md §5). Agents control their payloads, so every index name that reaches
 * a request is checked here first.
 */
public final class IndexAllowlist {

    /** Agents may clean this index but never write to it. */
    public static final String VULNERABILITIES = "wazuh-states-vulnerabilities";

    private static final Pattern NAME = Pattern.compile("[a-z0-9._-]+");
    private static final String[] PREFIXES = {"wazuh-states-inventory-", "wazuh-states-fim-", "wazuh-states-sca-"};

    private IndexAllowlist() {
    }

    /** True when an agent may name this index at all (to clean it, or to write it unless it is the vulnerabilities index). */
    public static boolean isAllowed(String index) {
        if (index == null || index.isEmpty() || !NAME.matcher(index).matches()) {
            return false;
        }
        if (index.equals("wazuh-states-sca") || index.equals(VULNERABILITIES)) {
            return true;
        }
        for (String prefix : PREFIXES) {
            if (index.startsWith(prefix) && index.length() > prefix.length()) {
                return true;
            }
        }
        return false;
    }

    /** True when agents' documents may be written to this index. */
    public static boolean isWritable(String index) {
        return isAllowed(index) && !VULNERABILITIES.equals(index);
    }
}
