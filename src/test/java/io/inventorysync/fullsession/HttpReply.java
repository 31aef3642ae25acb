package io.inventorysync.fullsession;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** An answer as it came off the wire: the status line, the header lines in order, the body. */
record HttpReply(String statusLine, List<String> headerLines, String body, String raw) {

    static HttpReply parse(byte[] bytes) {
        String raw = new String(bytes, StandardCharsets.UTF_8);
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("not an HTTP answer: '" + raw + "'");
        }
        List<String> lines = Arrays.asList(raw.substring(0, end).split("\r\n"));
        return new HttpReply(lines.get(0), lines.subList(1, lines.size()), raw.substring(end + 4), raw);
    }

    /** The head as the spec writes it, for one exact comparison. */
    String head() {
        return raw.substring(0, raw.indexOf("\r\n\r\n"));
    }

    String header(String name) {
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            if (line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
