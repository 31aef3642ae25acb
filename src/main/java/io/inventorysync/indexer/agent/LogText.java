package io.inventorysync.indexer.agent;

/** Agent-controlled text made safe for a log line. */
final class LogText {

    private LogText() {
    }

    /** No control or non-ASCII characters (each becomes {@code ?}), at most 64 characters. */
    static String printable(String text) {
        if (text == null) {
            return "null";
        }
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
