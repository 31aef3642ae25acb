package io.inventorysync.fullsession;

import java.nio.charset.StandardCharsets;

/** Requests as remoted and authd write them (fullsession-protocol.md §2). */
final class Requests {

    private Requests() {}

    /** The head of remoted's {@code POST /stateful} for a body of {@code length} bytes. */
    static String statefulHead(String agent, long length) {
        return "POST /stateful HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + "X-Wazuh-Agent-Id: " + agent + "\r\n"
                + "Content-Length: " + length + "\r\n"
                + "Connection: close\r\n"
                + "\r\n";
    }

    static byte[] stateful(String agent, byte[] body) {
        byte[] head = statefulHead(agent, body.length).getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    static String deleteAgent(String agent) {
        return "DELETE /agents HTTP/1.1\r\nHost: localhost\r\nX-Wazuh-Agent-Id: " + agent
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    }
}
