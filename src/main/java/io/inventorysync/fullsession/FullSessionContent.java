package io.inventorysync.fullsession;

import Wazuh.FullSessionSchema.ChecksumModule;
import Wazuh.FullSessionSchema.Cleans;
import Wazuh.FullSessionSchema.DataClean;
import Wazuh.FullSessionSchema.DataValue;
import Wazuh.FullSessionSchema.FullSession;
import Wazuh.FullSessionSchema.SessionPayload;
import Wazuh.FullSessionSchema.Start;
import Wazuh.FullSessionSchema.SyncData;
import io.inventorysync.indexer.CompleteSession;
import io.inventorysync.indexer.SessionItem;
import io.inventorysync.indexer.agent.AgentMetadata;
import io.inventorysync.indexer.agent.IndexAllowlist;
import io.inventorysync.protocol.FlatStrings;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A checked FullSession as the indexing core takes it: read in place from the request's off-heap body, its values
 * decoded one at a time as the indexer streams them. The second generation differs from the first only here: its
 * Cleans are the session's delete-by-queries, it has no ModuleFull, its values have no seq (their position stands in).
 */
final class FullSessionContent implements CompleteSession {

    private final FullSession session;
    private final Start start;
    private final String agentId;
    private final byte mode;
    private final List<String> indices;
    private final String clusterName;
    private final long completedAt;
    private final Set<String> cleanIndices;
    private final SyncData data;
    private final String checksumIndex;
    private final String checksum;

    /**
     * @param session     a verified FullSession, its body alive until the session is answered
     * @param agentId     the 3-padded agent id (the header's, equal to the Start's)
     * @param coreMode    the first generation's {@code Mode} for this session ({@link FullSessionModes})
     * @param receivedAt  {@link System#nanoTime()} when the request arrived
     */
    FullSessionContent(FullSession session, String agentId, byte coreMode, long receivedAt) {
        this.session = session;
        this.start = session.start();
        this.agentId = agentId;
        this.mode = coreMode;
        this.indices = allowlisted(start.indexLength(), start::index);
        this.clusterName = FlatStrings.of(start.clusterNameAsByteBuffer());
        this.completedAt = receivedAt;
        byte payload = session.payloadType();
        this.data = payload == SessionPayload.SyncData ? (SyncData) session.payload(new SyncData()) : null;
        this.cleanIndices =
                payload == SessionPayload.Cleans ? cleans((Cleans) session.payload(new Cleans())) : Set.of();
        ChecksumModule check = payload == SessionPayload.ChecksumModule
                ? (ChecksumModule) session.payload(new ChecksumModule())
                : null;
        this.checksumIndex = check == null ? null : check.index();
        this.checksum = check == null ? null : check.checksum();
    }

    /** The DataValues of a SyncData payload (0 for the other payloads). */
    int values() {
        return data == null ? 0 : data.valuesLength();
    }

    @Override
    public String agentId() {
        return agentId;
    }

    @Override
    public byte mode() {
        return mode;
    }

    @Override
    public List<String> indices() {
        return indices;
    }

    @Override
    public String clusterName() {
        return clusterName;
    }

    @Override
    public AgentMetadata agent() {
        List<String> groups = new ArrayList<>(start.groupsLength());
        for (int i = 0; i < start.groupsLength(); i++) {
            String group = start.groups(i);
            if (group != null) {
                groups.add(group);
            }
        }
        return new AgentMetadata(
                text(start.agentnameAsByteBuffer()),
                text(start.agentversionAsByteBuffer()),
                List.copyOf(groups),
                text(start.architectureAsByteBuffer()),
                text(start.hostnameAsByteBuffer()),
                text(start.osnameAsByteBuffer()),
                text(start.osplatformAsByteBuffer()),
                text(start.ostypeAsByteBuffer()),
                text(start.osversionAsByteBuffer()));
    }

    @Override
    public long globalVersion() {
        return start.globalVersion();
    }

    @Override
    public long completedAt() {
        return completedAt;
    }

    @Override
    public Set<String> cleanIndices() {
        return cleanIndices;
    }

    @Override
    public String checksumIndex() {
        return checksumIndex != null && IndexAllowlist.isAllowed(checksumIndex) ? checksumIndex : null;
    }

    @Override
    public String checksum() {
        return checksum;
    }

    @Override
    public Stream<SessionItem> items() {
        if (data == null) {
            return Stream.empty();
        }
        // one accessor object reused: each item is copied out of the body (its data bytes) before the next is read
        DataValue value = new DataValue();
        return IntStream.range(0, data.valuesLength()).mapToObj(i -> item(data.values(value, i), i));
    }

    private static SessionItem item(DataValue value, int position) {
        ByteBuffer json = value.dataAsByteBuffer();
        byte[] bytes = new byte[json == null ? 0 : json.remaining()];
        if (json != null) {
            json.get(bytes);
        }
        return new SessionItem(
                position,
                value.operation(),
                value.version(),
                FlatStrings.of(value.idAsByteBuffer()),
                FlatStrings.of(value.indexAsByteBuffer()),
                bytes);
    }

    /** Allowlisted, deduplicated, in name order: one delete-by-query per index. */
    private static Set<String> cleans(Cleans cleans) {
        Set<String> kept = new TreeSet<>();
        DataClean clean = new DataClean();
        for (int i = 0; i < cleans.itemsLength(); i++) {
            String index = FlatStrings.of(cleans.items(clean, i).indexAsByteBuffer());
            if (IndexAllowlist.isAllowed(index)) {
                kept.add(index);
            }
        }
        return kept;
    }

    private static List<String> allowlisted(int length, IntFunction<String> element) {
        Set<String> kept = new LinkedHashSet<>();
        for (int i = 0; i < length; i++) {
            String index = element.apply(i);
            if (index != null && IndexAllowlist.isAllowed(index)) {
                kept.add(index);
            }
        }
        return List.copyOf(kept);
    }

    private static String text(ByteBuffer utf8) {
        return FlatStrings.of(utf8);
    }

    @Override
    public String toString() {
        return "FullSession of agent " + agentId + " module " + FlatStrings.of(start.moduleAsByteBuffer());
    }
}
