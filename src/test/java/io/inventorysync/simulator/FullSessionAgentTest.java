package io.inventorysync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.FullSessionSchema.Cleans;
import Wazuh.FullSessionSchema.FullSession;
import Wazuh.FullSessionSchema.Message;
import Wazuh.FullSessionSchema.Mode;
import Wazuh.FullSessionSchema.SessionPayload;
import Wazuh.FullSessionSchema.SyncData;
import io.inventorysync.simulator.FakeFullSessionDoor.Reply;
import io.inventorysync.simulator.FakeFullSessionDoor.Request;
import io.inventorysync.simulator.FullSessionAgent.Result;
import io.inventorysync.simulator.SimulatedAgent.Item;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One agent's second-generation sync against a fake door: which requests, in which order, and the retry rule. */
class FullSessionAgentTest {

    private static final List<String> INDICES = List.of(SimulatedInventory.PACKAGES, SimulatedInventory.PROCESSES);

    @TempDir
    Path dir;

    @Test
    void aFullResyncIsACleansThenTheWholeDatasetInModuleDelta() throws Exception {
        List<Item> items = SimulatedInventory.items("005", 30, false, 0);
        try (FakeFullSessionDoor door = door(r -> Reply.ok())) {
            Result result = agent(3).sync(start("005"), items, true);

            assertThat(result.ok()).isTrue();
            assertThat(result.retries()).isZero();
            assertThat(result.cleans().attempts()).isEqualTo(1);
            assertThat(result.began()).isLessThanOrEqualTo(result.ended());
            List<Request> requests = door.requests();
            assertThat(requests).hasSize(2);
            FullSession cleans = session(requests.get(0));
            assertThat(cleans.start().mode()).isEqualTo(Mode.ModuleDelta);
            assertThat(cleans.payloadType()).isEqualTo(SessionPayload.Cleans);
            Cleans c = (Cleans) cleans.payload(new Cleans());
            assertThat(c.itemsLength()).isEqualTo(2);
            assertThat(c.items(0).index()).isEqualTo(SimulatedInventory.PACKAGES);
            assertThat(c.items(1).index()).isEqualTo(SimulatedInventory.PROCESSES);
            FullSession data = session(requests.get(1));
            assertThat(data.start().mode()).isEqualTo(Mode.ModuleDelta);
            assertThat(data.payloadType()).isEqualTo(SessionPayload.SyncData);
            assertThat(((SyncData) data.payload(new SyncData())).valuesLength()).isEqualTo(30);
            assertThat(requests)
                    .allSatisfy(r -> assertThat(r.header("X-Wazuh-Agent-Id")).isEqualTo("005"));
        }
    }

    @Test
    void aDeltaIsOneSyncData() throws Exception {
        try (FakeFullSessionDoor door = door(r -> Reply.ok())) {
            Result result = agent(3).sync(start("006"), SimulatedInventory.items("006", 20, true, 9), false);
            assertThat(result.ok()).isTrue();
            assertThat(result.cleans()).isNull();
            assertThat(result.data().answer().body()).isEqualTo("{\"status\":\"ok\"}");
            assertThat(door.requests()).hasSize(1);
            assertThat(session(door.requests().get(0)).payloadType()).isEqualTo(SessionPayload.SyncData);
        }
    }

    @Test
    void aBusyDoorIsAskedAgainAfterItsRetryAfter() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        try (FakeFullSessionDoor door = door(r -> posts.incrementAndGet() == 1 ? Reply.busy(1) : Reply.ok())) {
            long t0 = System.nanoTime();
            Result result = agent(3).sync(start("007"), SimulatedInventory.items("007", 5, true, 1), false);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(result.ok()).isTrue();
            assertThat(result.data().attempts()).isEqualTo(2);
            assertThat(result.retries()).isEqualTo(1);
            assertThat(door.requests()).hasSize(2);
            assertThat(door.requests().get(1).body())
                    .isEqualTo(door.requests().get(0).body());
        }
    }

    @Test
    void aBusyDoorIsAskedAtMostAttemptsTimes() throws Exception {
        try (FakeFullSessionDoor door = door(r -> Reply.busy(0))) {
            Result result = agent(3).sync(start("008"), SimulatedInventory.items("008", 5, true, 1), false);
            assertThat(result.ok()).isFalse();
            assertThat(result.data().answer().status()).isEqualTo(503);
            assertThat(result.data().attempts()).isEqualTo(3);
            assertThat(door.requests()).hasSize(3);
        }
    }

    @Test
    void a503WithoutRetryAfterAndAnyOtherStatusAreNotRetried() throws Exception {
        try (FakeFullSessionDoor door = door(r -> Reply.of(503, "Service Unavailable", "{\"code\":503}"))) {
            Result result = agent(3).sync(start("009"), SimulatedInventory.items("009", 5, true, 1), false);
            assertThat(result.ok()).isFalse();
            assertThat(door.requests()).hasSize(1);
        }
    }

    @Test
    void aFailedCleansPostsNoData() throws Exception {
        try (FakeFullSessionDoor door = door(r -> Reply.of(400, "Bad Request", "{\"error\":\"x\",\"code\":400}"))) {
            Result result = agent(3).sync(start("010"), SimulatedInventory.items("010", 5, false, 0), true);
            assertThat(result.ok()).isFalse();
            assertThat(result.cleans().status()).isEqualTo("400");
            assertThat(result.data()).isNull();
            assertThat(result.ended()).isEqualTo(result.cleans().answered());
            assertThat(door.requests()).hasSize(1);
        }
    }

    @Test
    void noAnswerInTimeIsAnErrorNotAnException() throws Exception {
        try (FakeFullSessionDoor door = door(r -> Reply.ok().after(Duration.ofSeconds(2)))) {
            FullSessionClient client = FullSessionClient.unix(dir.resolve("fs.sock"))
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(200));
            Result result = new FullSessionAgent(client, 3)
                    .sync(start("011"), SimulatedInventory.items("011", 5, true, 1), false);
            assertThat(result.ok()).isFalse();
            assertThat(result.data().answer()).isNull();
            assertThat(result.data().status()).isEqualTo("error");
            assertThat(result.data().error()).contains("timed out");
            assertThat(result.data().attempts()).isEqualTo(1); // a timeout is remoted's 503 without Retry-After
        }
    }

    private FakeFullSessionDoor door(Function<Request, Reply> responder) throws Exception {
        return FakeFullSessionDoor.unix(dir.resolve("fs.sock"), responder);
    }

    private FullSessionAgent agent(int attempts) {
        return new FullSessionAgent(FullSessionClient.unix(dir.resolve("fs.sock")), attempts);
    }

    private static FullSessionStart start(String agentId) {
        // another mode on purpose: the agent always posts ModuleDelta
        return FullSessionStart.defaults()
                .agentid(agentId)
                .mode(Mode.GroupDelta)
                .indices(INDICES);
    }

    private static FullSession session(Request request) {
        return (FullSession)
                Message.getRootAsMessage(ByteBuffer.wrap(request.body())).content(new FullSession());
    }
}
