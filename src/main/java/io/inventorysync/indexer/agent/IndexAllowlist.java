package io.inventorysync.indexer.agent;

/**
 * The indices agents may name (behaviour.md §5). Agents control their payloads, so every index name that reaches
 * a request is checked here first.
 */
public final class IndexAllowlist {

    /** Agents may clean this index but never write to it. */
    public static final String VULNERABILITIES = "wazuh-states-vulnerabilities";

    /** OpenSearch's limit for index names (bytes; the allowed characters are ASCII). */
    public static final int MAX_NAME_LENGTH = 255;

    private static final String[] PREFIXES = {"wazuh-states-inventory-", "wazuh-states-fim-", "wazuh-states-sca-"};

    private IndexAllowlist() {}

    /** True when an agent may name this index at all (to clean it, or to write it unless it is the vulnerabilities index). */
    public static boolean isAllowed(String index) {
        // OpenSearch refuses index names over 255 bytes; a longer one is nothing an agent can write or clean
        if (index == null || index.isEmpty() || index.length() > MAX_NAME_LENGTH || !isName(index)) {
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

    /** {@code [a-z0-9._-]+}, without a regular expression: checked for every index of every Start and item. */
    private static boolean isName(String index) {
        for (int i = 0; i < index.length(); i++) {
            char c = index.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** True when agents' documents may be written to this index. */
    public static boolean isWritable(String index) {
        return isAllowed(index) && !VULNERABILITIES.equals(index);
    }
}
