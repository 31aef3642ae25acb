package io.inventorysync.support;

/** Agent-controlled text made safe for a log line. */
public final class LogText {

    private LogText() {}

    /** No control or non-ASCII characters (each becomes {@code ?}), at most 64 characters. */
    public static String printable(String text) {
        return printable(text, 64);
    }

    /** No control or non-ASCII characters (each becomes {@code ?}), at most {@code max} characters (then "..."). */
    public static String printable(String text, int max) {
        if (text == null) {
            return "null";
        }
        int n = Math.min(text.length(), max);
        int i = 0;
        while (i < n && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x7e) {
            i++;
        }
        if (i == text.length()) {
            return text; // the usual case: nothing to replace, nothing to cut, no copy
        }
        StringBuilder out = new StringBuilder(n + 3).append(text, 0, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        return text.length() > max ? out.append("...").toString() : out.toString();
    }
}
