package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.EndAck;
import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Pair;
import Wazuh.SyncSchema.ReqRet;
import Wazuh.SyncSchema.Status;
import com.fasterxml.jackson.databind.JsonNode;
import io.inventorysync.indexer.agent.AgentIds;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.protocol.StartSpec;
import io.inventorysync.router.RouterClient;
import io.inventorysync.router.RouterFrame;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.simulator.SimulatedAgent.Clean;
import io.inventorysync.simulator.SimulatedAgent.Context;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedAgent.Result;
import io.inventorysync.simulator.SimulatedAgent.Value;
import io.inventorysync.store.RocksDBKeyspace;
import io.inventorysync.store.RocksDBPayload;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Whole sync sessions (behaviour.md §2, §3, §5) from a simulated agent over TCP into the real indexer. */
@ExtendWith(TestIndexer.Extension.class)
class SessionSyncTest {

    static final String PACKAGES = "wazuh-states-inventory-packages";
    static final String PROCESSES = "wazuh-states-inventory-processes";

    private static RunningService service;
    private static IndexerQueries indexer;

    @BeforeAll
    static void start(TestIndexer testIndexer, @TempDir Path dir) throws Exception {
        service = RunningService.start(
                testIndexer.writeOssecConf(dir),
                dir.resolve("store"),
                Map.of("inventory.indexer.bulk-max-bytes", "20000"));
        indexer = new IndexerQueries(testIndexer, dir);
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        indexer.close();
    }

    @Test
    void fullSyncIndexesEveryItemWithTheSessionsAgentFields() throws Exception {
        Result result = sync("10", Mode.ModuleFull, packages(150, 1), Set.of());
        assertThat(result.end().status()).isEqualTo(Status.Ok);
        assertThat(indexer.count(PACKAGES, "010")).isEqualTo(150);
        JsonNode doc = indexer.source(PACKAGES, "wazuh_010_pkg-7");
        assertThat(doc.path("package").path("name").asText()).isEqualTo("pkg-7");
        assertThat(doc.path("wazuh").path("agent").path("id").asText()).isEqualTo("010");
        assertThat(doc.path("wazuh").path("agent").path("name").asText()).isEqualTo("agent-010");
        assertThat(doc.path("wazuh")
                        .path("agent")
                        .path("host")
                        .path("os")
                        .path("platform")
                        .asText())
                .isEqualTo("ubuntu");
        assertThat(doc.path("wazuh").path("cluster").path("name").asText()).isEqualTo("wazuh");
        assertThat(doc.path("wazuh").path("agent").path("groups").isArray()).isTrue();
        assertNoData(result.start().session());
    }

    @Test
    void deltaUpsertsAndDeletes() throws Exception {
        assertThat(sync("11", Mode.ModuleFull, packages(10, 1), Set.of()).end().status())
                .isEqualTo(Status.Ok);
        List<Item> delta = new ArrayList<>();
        delta.add(new Value(Operation.Delete, "pkg-0", PACKAGES, 0, null));
        delta.add(new Value(Operation.Delete, "pkg-1", PACKAGES, 0, null));
        delta.add(new Value(Operation.Delete, "never-existed", PACKAGES, 0, null));
        delta.add(pkg(5, 2));
        delta.add(pkg(20, 2));
        assertThat(sync("11", Mode.ModuleDelta, delta, Set.of()).end().status()).isEqualTo(Status.Ok);
        assertThat(indexer.count(PACKAGES, "011")).isEqualTo(9);
        assertThat(indexer.source(PACKAGES, "wazuh_011_pkg-0")).isNull();
        assertThat(indexer.source(PACKAGES, "wazuh_011_pkg-5")
                        .path("package")
                        .path("release")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void gapsAreRequestedAgainAtTheEdgesAndInTheMiddle() throws Exception {
        try (RouterClient router = service.connect()) {
            SimulatedAgent agent = new SimulatedAgent(router);
            List<Item> items = packages(100, 1);
            long session =
                    agent.start(start("12", Mode.ModuleFull, items.size())).session();
            agent.sendItems(session, items, Set.of(0L, 5L, 6L, 7L, 50L, 99L));
            router.publish(AgentMessages.end(session));
            Message response = agent.receive();
            assertThat(response.contentType()).isEqualTo(MessageType.ReqRet);
            ReqRet reqRet = (ReqRet) response.content(new ReqRet());
            assertThat(reqRet.session()).isEqualTo(session);
            assertThat(ranges(reqRet)).containsExactly("0-0", "5-7", "50-50", "99-99");
            // filling the gaps completes the session without a new End
            for (long seq : List.of(0L, 5L, 6L, 7L, 50L, 99L)) {
                agent.send(session, seq, items.get((int) seq));
            }
            assertThat(finalEndAck(agent).status()).isEqualTo(Status.Ok);
        }
        assertThat(indexer.count(PACKAGES, "012")).isEqualTo(100);
    }

    @Test
    void simulatorAnswersReqRetForOneGap() throws Exception {
        Result result = sync("13", Mode.ModuleFull, packages(20, 1), Set.of(13L));
        assertThat(result.reqRetRounds()).isEqualTo(1);
        assertThat(result.end().status()).isEqualTo(Status.Ok);
        assertThat(indexer.count(PACKAGES, "013")).isEqualTo(20);
    }

    @Test
    void outOfRangeSeqIsIgnoredAndDuplicatesOverwrite() throws Exception {
        ServiceMetrics metrics = service.bean("serviceMetrics", ServiceMetrics.class);
        long outOfRange = metrics.outOfRangeItems.sum();
        try (RouterClient router = service.connect()) {
            SimulatedAgent agent = new SimulatedAgent(router);
            long session = agent.start(start("14", Mode.ModuleFull, 2)).session();
            agent.send(session, 0, pkg(0, 1));
            agent.send(session, 0, pkg(0, 3));
            agent.send(session, 2, pkg(2, 1));
            agent.send(session, 1, pkg(1, 1));
            router.publish(AgentMessages.end(session));
            assertThat(finalEndAck(agent).status()).isEqualTo(Status.Ok);
        }
        assertThat(metrics.outOfRangeItems.sum() - outOfRange).isEqualTo(1);
        assertThat(indexer.count(PACKAGES, "014")).isEqualTo(2);
        assertThat(indexer.source(PACKAGES, "wazuh_014_pkg-0")
                        .path("package")
                        .path("release")
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void responsesFollowTheConnectionOfTheSessionsLatestMessage() throws Exception {
        ServiceMetrics metrics = service.bean("serviceMetrics", ServiceMetrics.class);
        long dropped = metrics.responsesDropped.sum();
        List<Item> items = packages(6, 1);
        try (RouterClient first = service.connect();
                RouterClient second = service.connect()) {
            SimulatedAgent viaFirst = new SimulatedAgent(first);
            SimulatedAgent viaSecond = new SimulatedAgent(second);
            long session = viaFirst.start(start("24", Mode.ModuleFull, 6)).session();
            // items out of order, over two connections; the first connection's are taken in before the second's End
            // (two connections are read on different threads: nothing else orders them). The fence: a Start the
            // service refuses (size 0), answered only once the frames before it on this connection were handled
            for (long seq : List.of(5L, 3L, 1L)) {
                viaFirst.send(session, seq, items.get((int) seq));
            }
            first.publish(AgentMessages.start(start("24", Mode.ModuleFull, 0).module("fence")));
            assertThat(viaFirst.receive().contentType()).isEqualTo(MessageType.StartAck);
            for (long seq : List.of(4L, 0L)) {
                viaSecond.send(session, seq, items.get((int) seq));
            }
            second.publish(AgentMessages.end(session));
            Message reqRet = viaSecond.receive();
            assertThat(ranges((ReqRet) reqRet.content(new ReqRet()))).containsExactly("2-2");
            viaFirst.send(session, 2, items.get(2));
            assertThat(finalEndAck(viaFirst).status()).isEqualTo(Status.Ok);
        }
        // a session whose latest connection is gone: its EndAck is dropped and counted
        RouterClient gone = service.connect();
        SimulatedAgent agent = new SimulatedAgent(gone);
        long session = agent.start(start("25", Mode.ModuleFull, 1)).session();
        agent.sendItems(session, packages(1, 1), Set.of());
        NotifyBuilder indexed = new NotifyBuilder(service.context())
                .fromRoute("session-indexing")
                .filter(e -> isSession(e, session))
                .whenDone(1)
                .create();
        // the agent sends End and goes away before its EndAck{Processing} and EndAck{Ok} are written
        gone.publish(AgentMessages.end(session));
        gone.close();
        assertThat(indexed.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(service.bean("sessionAdmission", SessionAdmission.class).find(session))
                .isEmpty();
        assertThat(metrics.responsesDropped.sum() - dropped).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theMessagesOfOneWriteAreHandledInTheOrderTheyArrived() throws Exception {
        List<Item> items = packages(2, 1);
        try (RouterClient router = service.connect()) {
            SimulatedAgent agent = new SimulatedAgent(router);
            long session = agent.start(start("26", Mode.ModuleFull, 2)).session();
            // one write, read by the service in one go: the session's items and End, then two Starts of another
            // agent and module, the second replacing the first
            for (int seq = 0; seq < 2; seq++) {
                Value v = (Value) items.get(seq);
                router.write(published(AgentMessages.dataValue(
                        seq, session, v.operation(), v.id(), v.index(), v.version(), v.data())));
            }
            router.write(published(AgentMessages.end(session)));
            router.write(published(AgentMessages.start(start("27", Mode.ModuleFull, 1))));
            router.write(published(AgentMessages.start(start("27", Mode.ModuleFull, 3))));
            router.flush();
            // answered in the order of what they answer
            Message processing = agent.receive();
            assertThat(processing.contentType()).isEqualTo(MessageType.EndAck);
            assertThat(((EndAck) processing.content(new EndAck())).status()).isEqualTo(Status.Processing);
            long replaced = startAck(agent.receive()).session();
            long current = startAck(agent.receive()).session();
            SessionAdmission admission = service.bean("sessionAdmission", SessionAdmission.class);
            assertThat(admission.find(replaced)).isEmpty();
            assertThat(admission.find(current)).get().extracting(Session::size).isEqualTo(3L);
            assertThat(finalEndAck(agent).status()).isEqualTo(Status.Ok);
            admission.end(current);
        }
        assertThat(indexer.count(PACKAGES, "026")).isEqualTo(2);
    }

    private static byte[] published(byte[] body) {
        return RouterFrame.bytesOf(RouterFrame.of("P", body));
    }

    private static Wazuh.SyncSchema.StartAck startAck(Message message) {
        assertThat(message.contentType()).isEqualTo(MessageType.StartAck);
        Wazuh.SyncSchema.StartAck ack = (Wazuh.SyncSchema.StartAck) message.content(new Wazuh.SyncSchema.StartAck());
        assertThat(ack.status()).isEqualTo(Status.Ok);
        return ack;
    }

    @Test
    void repeatedEndIsAnsweredProcessing() throws Exception {
        try (RouterClient router = service.connect()) {
            SimulatedAgent agent = new SimulatedAgent(router);
            List<Item> items = packages(3, 1);
            long session = agent.start(start("15", Mode.ModuleFull, 3)).session();
            agent.sendItems(session, items, Set.of());
            router.publish(AgentMessages.end(session));
            router.publish(AgentMessages.end(session));
            int processing = 0;
            EndAck last;
            do {
                Message m = agent.receive();
                assertThat(m.contentType()).isEqualTo(MessageType.EndAck);
                last = (EndAck) m.content(new EndAck());
                processing += last.status() == Status.Processing ? 1 : 0;
            } while (last.status() == Status.Processing);
            assertThat(last.status()).isEqualTo(Status.Ok);
            assertThat(processing).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void dataBatchesAndContextsAndForbiddenIndices() throws Exception {
        List<Item> items = new ArrayList<>(packages(300, 1));
        items.add(new Value(Operation.Upsert, "evil", ".opendistro_security", 0, json("{\"x\":1}")));
        items.add(new Value(Operation.Upsert, "vuln", "wazuh-states-vulnerabilities", 0, json("{\"x\":1}")));
        items.add(new Value(Operation.Upsert, "", PACKAGES, 0, json("{\"x\":1}")));
        items.add(new Value(Operation.Upsert, "not-object", PACKAGES, 0, json("[1,2]")));
        items.add(new Context("ctx-1", PROCESSES, json("{\"context\":true}")));
        Result result = sync("16", Mode.ModuleFull, items, Set.of());
        assertThat(result.end().status()).isEqualTo(Status.Ok);
        assertThat(indexer.count(PACKAGES, "016")).isEqualTo(300);
        assertThat(indexer.count(PROCESSES, "016")).isZero();
        assertThat(indexer.count("wazuh-states-vulnerabilities", "016")).isZero();
        assertThat(indexer.source(PACKAGES, "wazuh_016_not-object")).isNull();
    }

    @Test
    void dataCleanRemovesTheAgentsDocumentsOfAllowlistedIndicesOnly() throws Exception {
        assertThat(sync("17", Mode.ModuleFull, List.of(process(1), process(2)), Set.of())
                        .end()
                        .status())
                .isEqualTo(Status.Ok);
        assertThat(sync("18", Mode.ModuleFull, List.of(process(1)), Set.of())
                        .end()
                        .status())
                .isEqualTo(Status.Ok);
        assertThat(indexer.count(PROCESSES, "017")).isEqualTo(2);
        List<Item> items = List.of(new Clean(PROCESSES), new Clean(".kibana"));
        assertThat(sync("17", Mode.ModuleDelta, items, Set.of()).end().status()).isEqualTo(Status.Ok);
        assertThat(indexer.count(PROCESSES, "017")).isZero();
        assertThat(indexer.count(PROCESSES, "018")).isEqualTo(1);
    }

    @Test
    void fullModeReplacesTheAgentsDocumentsAndLeavesOtherAgentsAlone() throws Exception {
        assertThat(sync("19", Mode.ModuleFull, packages(5, 1), Set.of()).end().status())
                .isEqualTo(Status.Ok);
        assertThat(sync("20", Mode.ModuleFull, packages(5, 1), Set.of()).end().status())
                .isEqualTo(Status.Ok);
        List<Item> now = List.of(pkg(100, 1), pkg(101, 1));
        assertThat(sync("19", Mode.ModuleFull, now, Set.of()).end().status()).isEqualTo(Status.Ok);
        assertThat(indexer.count(PACKAGES, "019")).isEqualTo(2);
        assertThat(indexer.source(PACKAGES, "wazuh_019_pkg-0")).isNull();
        assertThat(indexer.count(PACKAGES, "020")).isEqualTo(5);
    }

    @Test
    void versionedUpsertNeverGoesBackwards() throws Exception {
        assertThat(sync("21", Mode.ModuleDelta, List.of(versioned(5)), Set.of())
                        .end()
                        .status())
                .isEqualTo(Status.Ok);
        assertThat(sync("21", Mode.ModuleDelta, List.of(versioned(3)), Set.of())
                        .end()
                        .status())
                .isEqualTo(Status.Ok);
        assertThat(indexer.source(PACKAGES, "wazuh_021_v").path("v").asInt()).isEqualTo(5);
        assertThat(sync("21", Mode.ModuleDelta, List.of(versioned(7)), Set.of())
                        .end()
                        .status())
                .isEqualTo(Status.Ok);
        assertThat(indexer.source(PACKAGES, "wazuh_021_v").path("v").asInt()).isEqualTo(7);
    }

    @Test
    void aRejectedItemFailsOnlyItsOwnSession() throws Exception {
        String strict = "wazuh-states-inventory-strict";
        indexer.call(
                "PUT",
                "/" + strict,
                "{\"mappings\":{\"dynamic\":\"strict\",\"properties\":{\"wazuh\":{\"type\":\"object\","
                        + "\"dynamic\":true},\"package\":{\"type\":\"object\",\"dynamic\":true}}}}");
        List<Item> bad =
                List.of(pkg(1, 1), new Value(Operation.Upsert, "unmapped", strict, 0, json("{\"unmapped_field\":1}")));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Result> failing = pool.submit(() -> sync("22", Mode.ModuleDelta, bad, Set.of()));
            Future<Result> fine = pool.submit(() -> sync("23", Mode.ModuleDelta, packages(50, 1), Set.of()));
            assertThat(failing.get().end().status()).isEqualTo(Status.Error);
            assertThat(fine.get().end().status()).isEqualTo(Status.Ok);
            assertNoData(failing.get().start().session());
        } finally {
            pool.shutdownNow();
        }
        assertThat(indexer.count(PACKAGES, "023")).isEqualTo(50);
    }

    @Test
    void fiftyConcurrentAgents() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Result>> results = new ArrayList<>();
            for (int a = 0; a < 50; a++) {
                String agent = Integer.toString(500 + a);
                results.add(pool.submit(() -> sync(agent, Mode.ModuleFull, packages(40, 1), Set.of())));
            }
            for (Future<Result> r : results) {
                assertThat(r.get().end().status()).isEqualTo(Status.Ok);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode total = indexer.call(
                "POST",
                "/" + PACKAGES + "/_count",
                "{\"query\":{\"range\":{\"wazuh.agent.id\":{\"gte\":\"500\",\"lte\":\"549\"}}}}");
        assertThat(total.path("count").asLong()).isEqualTo(50 * 40);
        assertThat(service.bean("sessionAdmission", SessionAdmission.class).pendingItems())
                .isZero();
    }

    // ------------------------------------------------------------------ helpers

    /** True for a session-indexing exchange of this session (its body is the session's summary). */
    static boolean isSession(Exchange exchange, long session) {
        byte[] summary = exchange.getMessage().getBody(byte[].class);
        return summary != null && SessionAggregation.sessionOf(summary) == session;
    }

    static Result sync(String agentId, byte mode, List<? extends Item> items, Set<Long> withheld) throws Exception {
        try (RouterClient router = service.connect()) {
            return new SimulatedAgent(router).sync(start(agentId, mode, items.size()), items, withheld);
        }
    }

    static StartSpec start(String agentId, byte mode, long size) {
        return StartSpec.defaults()
                .agentid(agentId)
                .agentname("agent-" + AgentIds.pad(agentId))
                .mode(mode)
                .size(size)
                .indices(List.of(PACKAGES, PROCESSES));
    }

    static EndAck finalEndAck(SimulatedAgent agent) throws Exception {
        while (true) {
            Message m = agent.receive();
            assertThat(m.contentType()).isEqualTo(MessageType.EndAck);
            EndAck ack = (EndAck) m.content(new EndAck());
            if (ack.status() != Status.Processing) {
                return ack;
            }
        }
    }

    static List<String> ranges(ReqRet reqRet) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < reqRet.seqLength(); i++) {
            Pair p = reqRet.seq(new Pair(), i);
            out.add(p.begin() + "-" + p.end());
        }
        return out;
    }

    void assertNoData(long session) {
        RocksDBPayload payload = service.bean("sessionPayload", RocksDBPayload.class);
        try (var items = payload.readItems(RocksDBKeyspace.PAYLOAD, session)) {
            assertThat(items.count()).isZero();
        }
    }

    static List<Item> packages(int n, int release) {
        List<Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(pkg(i, release));
        }
        return items;
    }

    static Value pkg(int i, int release) {
        return new Value(
                Operation.Upsert,
                "pkg-" + i,
                PACKAGES,
                0,
                json("{\"package\":{\"name\":\"pkg-" + i
                        + "\",\"version\":\"1.0." + i + "\",\"release\":" + release + ",\"description\":\"package " + i
                        + " of a simulated host\"},\"wazuh\":{\"agent\":{\"id\":\"999\"}}}"));
    }

    static Value process(int i) {
        return new Value(Operation.Upsert, "proc-" + i, PROCESSES, 0, json("{\"process\":{\"pid\":" + i + "}}"));
    }

    static Value versioned(int v) {
        return new Value(
                Operation.Upsert,
                "v",
                PACKAGES,
                v,
                json("{\"v\":" + v + ",\"state\":{\"document_version\":" + v + "}}"));
    }

    static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
