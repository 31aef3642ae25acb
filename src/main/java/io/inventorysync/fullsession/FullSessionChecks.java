package io.inventorysync.fullsession;

import Wazuh.FullSessionSchema.ChecksumModule;
import Wazuh.FullSessionSchema.Cleans;
import Wazuh.FullSessionSchema.DataValue;
import Wazuh.FullSessionSchema.FullSession;
import Wazuh.FullSessionSchema.Message;
import Wazuh.FullSessionSchema.MessageType;
import Wazuh.FullSessionSchema.Operation;
import Wazuh.FullSessionSchema.SessionPayload;
import Wazuh.FullSessionSchema.Start;
import Wazuh.FullSessionSchema.SyncData;
import io.inventorysync.indexer.agent.AgentIds;
import io.inventorysync.indexer.agent.IndexAllowlist;
import io.inventorysync.protocol.FlatStrings;
import io.inventorysync.protocol.InvalidMessageException;
import io.inventorysync.protocol.MessageVerifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The checks of a {@code POST /stateful} body after the HTTP layer's (fullsession-protocol.md §3 steps 2–6, in that
 * order; the first failure answers): verifier, message type and Start, identity, cluster, mode × payload, operations.
 * The reasons are inventory_sync_server's (fullSessionValidator.cpp, sessionProcessor.cpp of wazuh 5.0.0), so a
 * client sees the same bodies from either server.
 */
final class FullSessionChecks {

    /** What the checks decided: an answer now, or a session to index. */
    sealed interface Verdict permits Refused, Accepted {}

    /** Answered at once, nothing written. */
    record Refused(HttpAnswer answer) implements Verdict {}

    /**
     * A session the indexer may take; {@code noop} when nothing of it can be applied (no allowlisted index to clean
     * or update): answered {@code {"status":"ok","noop":true}} without indexing.
     */
    record Accepted(FullSessionContent session, boolean noop) implements Verdict {}

    private final String managerClusterName;

    /** @param managerClusterName {@code <cluster><name>} of ossec.conf: a session of another cluster is refused */
    FullSessionChecks(String managerClusterName) {
        this.managerClusterName = managerClusterName;
    }

    /**
     * @param agentHeader the authenticated agent id of {@code X-Wazuh-Agent-Id}, not empty
     * @param body        the request body, left as it is (position, limit)
     * @param receivedAt  {@link System#nanoTime()} when the request arrived
     */
    Verdict check(String agentHeader, ByteBuffer body, long receivedAt) {
        int type;
        try {
            type = MessageVerifier.verifySecondGeneration(body);
        } catch (InvalidMessageException e) {
            return bad("Body is not a valid inventory sync message");
        }
        if (type != MessageType.FullSession) {
            return bad("Unsupported message type: expected FullSession");
        }
        Message message = Message.getRootAsMessage(body.duplicate().order(ByteOrder.LITTLE_ENDIAN));
        FullSession session = (FullSession) message.content(new FullSession());
        Start start = session.start();
        if (start == null) {
            return bad("FullSession is missing its start table");
        }
        if (FlatStrings.of(start.moduleAsByteBuffer()).isEmpty()) {
            return bad("Start is missing the module name");
        }
        // compared as numbers, so leading zeros cannot defeat the check
        Optional<String> claimed = AgentIds.parse(FlatStrings.of(start.agentidAsByteBuffer()));
        Optional<String> authenticated = AgentIds.parse(agentHeader);
        if (claimed.isEmpty() || authenticated.isEmpty()) {
            return bad("Agent id must be numeric");
        }
        if (!number(claimed.get()).equals(number(authenticated.get()))) {
            return new Refused(HttpAnswer.error(403, "identity mismatch"));
        }
        String cluster = FlatStrings.of(start.clusterNameAsByteBuffer());
        if (cluster.isEmpty()) {
            return bad("Start is missing the cluster name");
        }
        if (!cluster.equals(managerClusterName)) {
            return new Refused(HttpAnswer.error(403, "identity mismatch"));
        }
        byte mode = start.mode();
        byte payload = session.payloadType();
        if (!FullSessionModes.takes(mode, payload)) {
            return bad("Invalid mode/payload combination");
        }
        Refused shape = shape(session, payload);
        if (shape != null) {
            return shape;
        }
        FullSessionContent content =
                new FullSessionContent(session, claimed.get(), FullSessionModes.core(mode), receivedAt);
        return new Accepted(content, nothingToApply(content, payload));
    }

    /** Step 5's per-payload shape and step 6's operations, before anything is written. */
    private static Refused shape(FullSession session, byte payload) {
        switch (payload) {
            case SessionPayload.SyncData -> {
                SyncData data = (SyncData) session.payload(new SyncData());
                if (data.valuesLength() == 0) {
                    return bad("SyncData must carry at least one value");
                }
                DataValue value = new DataValue();
                for (int i = 0; i < data.valuesLength(); i++) {
                    byte operation = data.values(value, i).operation();
                    if (operation != Operation.Upsert && operation != Operation.Delete) {
                        return bad("Invalid operation");
                    }
                }
            }
            case SessionPayload.Cleans -> {
                if (((Cleans) session.payload(new Cleans())).itemsLength() == 0) {
                    return bad("Cleans must carry at least one item");
                }
            }
            case SessionPayload.ChecksumModule -> {
                ChecksumModule check = (ChecksumModule) session.payload(new ChecksumModule());
                String index = FlatStrings.of(check.indexAsByteBuffer());
                if (index.isEmpty() || !IndexAllowlist.isAllowed(index)) {
                    return bad("ChecksumModule index must be an agent-scoped state index");
                }
                if (FlatStrings.of(check.checksumAsByteBuffer()).isEmpty()) {
                    return bad("ChecksumModule is missing the checksum");
                }
            }
            default -> {
                // NONE: the metadata and group modes, already constrained by the mode × payload matrix
            }
        }
        return null;
    }

    /** Cleans of no allowlisted index, or a metadata or group update over none. */
    private static boolean nothingToApply(FullSessionContent content, byte payload) {
        return switch (payload) {
            case SessionPayload.Cleans -> content.cleanIndices().isEmpty();
            case SessionPayload.NONE -> content.indices().isEmpty();
            default -> false;
        };
    }

    private static String number(String digits) {
        String stripped = digits.replaceFirst("^0+", "");
        return stripped.isEmpty() ? "0" : stripped;
    }

    private static Refused bad(String reason) {
        return new Refused(HttpAnswer.error(400, reason));
    }
}
