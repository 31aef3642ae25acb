package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional loopback TCP port serves the same front door, for tools without Unix sockets. */
class TcpListenerTest {

    @Test
    void theSameAnswersOverTcp(@TempDir Path dir) throws Exception {
        try (FrontDoor door = FrontDoor.start(dir, "", FrontDoor.echo())) {
            try (RawHttp client = door.connectTcp()) {
                HttpReply reply =
                        client.send(Requests.stateful("001", new byte[5])).receive();
                assertThat(reply.statusLine()).isEqualTo("HTTP/1.1 200 OK");
                assertThat(reply.body()).isEqualTo("{\"kind\":\"STATEFUL\",\"agent\":\"001\",\"bytes\":5}");
            }
            try (RawHttp client = door.connectTcp()) {
                assertThat(client.send("GET /x HTTP/1.1\r\n\r\n").receive().statusLine())
                        .isEqualTo("HTTP/1.1 404 Not Found");
            }
        }
    }

    @Test
    void tcpAloneNeedsNoSocketFile(@TempDir Path dir) throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        try (CamelContext context = new DefaultCamelContext()) {
            context.addComponent("fullsession", new FullSessionComponent());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("fullsession:tcp?port=" + port).process(FrontDoor.echo());
                }
            });
            context.start();
            try (RawHttp client = RawHttp.tcp(port)) {
                assertThat(client.send(Requests.deleteAgent("3")).receive().body())
                        .isEqualTo("{\"kind\":\"DELETE_AGENT\",\"agent\":\"3\",\"bytes\":0}");
            }
        }
    }
}
