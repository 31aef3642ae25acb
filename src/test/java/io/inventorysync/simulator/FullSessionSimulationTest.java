package io.inventorysync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.FullSessionSchema.FullSession;
import Wazuh.FullSessionSchema.Message;
import Wazuh.FullSessionSchema.SessionPayload;
import io.inventorysync.simulator.FakeFullSessionDoor.Reply;
import io.inventorysync.simulator.FakeFullSessionDoor.Request;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Simulation in generation 2 against a fake door: every agent's requests, the summary's counts and report. */
class FullSessionSimulationTest {

    @TempDir
    Path dir;

    @Test
    void fullModeOverTheSocket() throws Exception {
        try (FakeFullSessionDoor door = FakeFullSessionDoor.unix(dir.resolve("fs.sock"), r -> Reply.ok())) {
            SimulationSummary summary = new Simulation(options(6, 40, false, 3, null, dir.resolve("fs.sock"))).run();

            assertThat(summary.ok()).isEqualTo(6);
            assertThat(summary.errors()).isZero();
            assertThat(summary.documents()).isEqualTo(6 * 40);
            assertThat(summary.startAckNanos()).hasSize(6); // the Cleans answers
            assertThat(summary.endAckNanos()).hasSize(6); // the SyncData answers
            assertThat(summary.generation()).isEqualTo(2);
            assertThat(summary.report())
                    .contains("6 ok, 0 error (of 6)", "documents   240", "Cleans", "SyncData", "retries     0");
            List<Request> requests = door.requests();
            assertThat(requests).hasSize(12);
            for (int agent = 700; agent < 706; agent++) {
                String id = Integer.toString(agent);
                List<Byte> kinds = requests.stream()
                        .filter(r -> id.equals(r.header("x-wazuh-agent-id")))
                        .map(r -> payloadType(r))
                        .toList();
                assertThat(kinds).containsExactly(SessionPayload.Cleans, SessionPayload.SyncData);
            }
        }
    }

    @Test
    void deltaModeOverTheTcpDoorWithRetries() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        try (FakeFullSessionDoor door =
                FakeFullSessionDoor.tcp(r -> posts.incrementAndGet() % 2 == 1 ? Reply.busy(0) : Reply.ok())) {
            SimulationSummary summary = new Simulation(options(4, 10, true, 1, door.port(), null)).run();
            assertThat(summary.ok()).isEqualTo(4);
            assertThat(summary.retries()).isEqualTo(4);
            assertThat(summary.startAckNanos()).isEmpty();
            assertThat(door.requests())
                    .hasSize(8)
                    .allSatisfy(r -> assertThat(payloadType(r)).isEqualTo(SessionPayload.SyncData));
        }
    }

    @Test
    void refusedSessionsAndAMissingDoorAreErrors() throws Exception {
        try (FakeFullSessionDoor door = FakeFullSessionDoor.unix(
                dir.resolve("fs.sock"), r -> Reply.of(403, "Forbidden", "{\"error\":\"identity mismatch\"}"))) {
            SimulationSummary refused = new Simulation(options(2, 5, true, 2, null, dir.resolve("fs.sock"))).run();
            assertThat(refused.ok()).isZero();
            assertThat(refused.errors()).isEqualTo(2);
            assertThat(refused.progressLine()).contains("errors 2");
        }
        SimulationSummary none = new Simulation(options(2, 5, true, 2, null, dir.resolve("none.sock"))).run();
        assertThat(none.errors()).isEqualTo(2);
    }

    private static Simulation.Options options(
            int agents, int items, boolean delta, int connections, Integer port, Path socket) {
        return new Simulation.Options(
                "127.0.0.1",
                port == null ? 0 : port,
                agents,
                items,
                delta,
                connections,
                700,
                Duration.ofSeconds(60),
                3,
                2,
                socket);
    }

    private static byte payloadType(Request request) {
        return ((FullSession) Message.getRootAsMessage(ByteBuffer.wrap(request.body()))
                        .content(new FullSession()))
                .payloadType();
    }
}
