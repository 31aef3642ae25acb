package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four exact paths and their methods (spec §3): each reaches the route with its kind; an unknown path is 404, a
 * known one with another method 405 with Allow; query strings are ignored and header names are case-insensitive.
 */
class RoutingTest {

    @TempDir
    Path dir;

    private FrontDoor door;

    @BeforeEach
    void start() throws Exception {
        door = FrontDoor.start(dir, "", FrontDoor.echo());
    }

    @AfterEach
    void stop() {
        door.close();
    }

    @Test
    void statefulWithAQueryString() throws Exception {
        HttpReply reply = door.exchange("POST /stateful?x=1&y HTTP/1.1\r\nHost: localhost\r\nx-WAZUH-agent-ID: 12\r\n"
                + "content-length: 2\r\n\r\nab");
        assertThat(reply.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(reply.body()).isEqualTo("{\"kind\":\"STATEFUL\",\"agent\":\"12\",\"bytes\":2}");
    }

    @Test
    void deleteAgents() throws Exception {
        HttpReply reply = door.exchange(Requests.deleteAgent("7"));
        assertThat(reply.body()).isEqualTo("{\"kind\":\"DELETE_AGENT\",\"agent\":\"7\",\"bytes\":0}");
    }

    @Test
    void postAgentsDeleteWithoutContentLength() throws Exception {
        HttpReply reply = door.exchange("POST /agents/delete HTTP/1.1\r\nX-Wazuh-Agent-Id: 8\r\n\r\n");
        assertThat(reply.body()).isEqualTo("{\"kind\":\"DELETE_AGENT\",\"agent\":\"8\",\"bytes\":0}");
    }

    @Test
    void internalAgentsDeleteTakesAJsonBody() throws Exception {
        String json = "{\"agent_id\":\"7\"}";
        HttpReply reply = door.exchange("POST /_internal/agents/delete HTTP/1.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + json.length() + "\r\n\r\n" + json);
        assertThat(reply.body()).isEqualTo("{\"kind\":\"DELETE_AGENT_JSON\",\"agent\":null,\"bytes\":16}");
    }

    @Test
    void unknownPathIs404() throws Exception {
        for (String path : new String[] {"/", "/stateful/", "/Stateful", "/agents/7", "*"}) {
            HttpReply reply = door.exchange("POST " + path + " HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
            assertThat(reply.head())
                    .isEqualTo("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 32\r\n"
                            + "Connection: close");
            assertThat(reply.body()).isEqualTo("{\"error\":\"Not found\",\"code\":404}");
        }
        assertThat(door.counters().refused(Refusal.NOT_FOUND)).isEqualTo(5);
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpReply get = door.exchange("GET /stateful HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(get.head())
                .isEqualTo("HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 41\r\nConnection: close\r\nAllow: POST");
        assertThat(get.body()).isEqualTo("{\"error\":\"Method not allowed\",\"code\":405}");
        assertThat(door.exchange("POST /agents HTTP/1.1\r\nX-Wazuh-Agent-Id: 7\r\n\r\n")
                        .header("Allow"))
                .isEqualTo("DELETE");
        assertThat(door.exchange("DELETE /agents/delete HTTP/1.1\r\n\r\n").header("Allow"))
                .isEqualTo("POST");
        assertThat(door.counters().refused(Refusal.METHOD_NOT_ALLOWED)).isEqualTo(3);
    }

    @Test
    void absoluteFormTarget() throws Exception {
        HttpReply reply = door.exchange("DELETE http://localhost/agents?force HTTP/1.1\r\nX-Wazuh-Agent-Id: 9\r\n\r\n");
        assertThat(reply.body()).isEqualTo("{\"kind\":\"DELETE_AGENT\",\"agent\":\"9\",\"bytes\":0}");
    }
}
