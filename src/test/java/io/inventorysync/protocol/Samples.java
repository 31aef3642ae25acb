package io.inventorysync.protocol;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Option;
import Wazuh.SyncSchema.Status;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One valid body of every message type, with non-default values in every field. */
final class Samples {

    static final String JSON = "{\"package\":{\"name\":\"bash\",\"version\":\"5.1\"}}";

    private Samples() {}

    static StartSpec fullStart() {
        return StartSpec.defaults()
                .module("syscollector")
                .mode(Mode.MetadataCheck)
                .size(42)
                .indices(List.of("wazuh-states-inventory-packages", "wazuh-states-inventory-system"))
                .option(Option.VDSync)
                .architecture("aarch64")
                .hostname("höst-ñ")
                .osname("Ubuntu")
                .osplatform("ubuntu")
                .ostype("linux")
                .osversion("24.04")
                .agentversion("v5.0.0")
                .agentname("web-01")
                .agentid("007")
                .groups(List.of("default", "web"))
                .globalVersion(9)
                .clusterName("wazuh-cluster")
                .clusterNode("master-node");
    }

    static DataValueSpec value(long seq) {
        return new DataValueSpec(
                seq,
                77,
                Operation.Upsert,
                "id-" + seq,
                "wazuh-states-inventory-packages",
                seq + 1,
                JSON.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, byte[]> all() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(
                "DataValue",
                AgentMessages.dataValue(
                        3,
                        77,
                        Operation.Delete,
                        "abc",
                        "wazuh-states-inventory-ports",
                        5,
                        JSON.getBytes(StandardCharsets.UTF_8)));
        m.put("DataClean", AgentMessages.dataClean(4, 77, "wazuh-states-inventory-hotfixes"));
        m.put(
                "ChecksumModule",
                AgentMessages.checksumModule(77, "wazuh-states-inventory-packages", "d41d8cd98f00b204"));
        m.put("Start", AgentMessages.start(fullStart()));
        m.put("StartAck", Responses.startAck(Status.Ok, 77));
        m.put("End", AgentMessages.end(77));
        m.put("EndAck", Responses.endAck(Status.Processing, 77));
        m.put("ReqRet", Responses.reqRet(77, List.of(new SeqRange(1, 3), new SeqRange(8, 8))));
        m.put(
                "DataContext",
                AgentMessages.dataContext(
                        5, 77, "ctx", "wazuh-states-inventory-system", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        m.put("DataBatch", AgentMessages.dataBatch(List.of(value(0), value(1), value(2))));
        return m;
    }
}
