package io.inventorysync.router;

/** Agent-controlled text made safe for a log line. */
public final class LogText {

    private LogText() {
    }

    /** No control or non-ASCII characters (each becomes {@code ?}), at most 64 characters. */
    public static String printable(String text) {
        if (text == null) {
            return "null";
        }
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
