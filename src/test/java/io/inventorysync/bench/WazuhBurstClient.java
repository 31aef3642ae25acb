package io.inventorysync.bench;

import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.StartAck;
import io.inventorysync.testsupport.RemotedArQueue;
import io.inventorysync.testsupport.RouterBrokerEmulator;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The burst beside an emulated manager: the Starts published through provider connections to the router broker (as
 * remoted publishes them), the StartAcks taken from remoted's AR queue and matched to their Start by agent and
 * module (a datagram names both). One thread writes every connection's Starts, a chunk at a time, round robin.
 */
final class WazuhBurstClient {

    private static final int CHUNK = 64 * 1024;

    private WazuhBurstClient() {}

    static BurstClient.Outcome run(
            FrontDoor.Wazuh door, List<List<byte[]>> frames, List<List<String>> keys, long timeoutMillis)
            throws Exception {
        int conns = frames.size();
        long[][] sentAt = new long[conns][];
        long[][] ackedAt = new long[conns][];
        byte[][] status = new byte[conns][];
        Map<String, int[]> where = new HashMap<>();
        int total = 0;
        for (int c = 0; c < conns; c++) {
            int n = frames.get(c).size();
            sentAt[c] = new long[n];
            ackedAt[c] = new long[n];
            status[c] = new byte[n];
            for (int i = 0; i < n; i++) {
                where.put(keys.get(c).get(i), new int[] {c, i});
            }
            total += n;
        }
        CountDownLatch answered = new CountDownLatch(total);
        door.tap((RemotedArQueue.Delivered d) -> {
            long now = System.nanoTime();
            int[] at = where.get(d.agentId() + " " + d.module());
            if (at == null || ackedAt[at[0]][at[1]] != 0) {
                return;
            }
            Message m = Message.getRootAsMessage(ByteBuffer.wrap(d.payload()));
            if (m.contentType() != MessageType.StartAck) {
                return;
            }
            status[at[0]][at[1]] = ((StartAck) m.content(new StartAck())).status();
            ackedAt[at[0]][at[1]] = now;
            answered.countDown();
        });
        RouterBrokerEmulator.Provider[] providers = new RouterBrokerEmulator.Provider[conns];
        try {
            for (int c = 0; c < conns; c++) {
                providers[c] = RouterBrokerEmulator.Provider.connect(door.topicSocket());
            }
            long startedAt = System.nanoTime();
            int[] next = new int[conns];
            boolean more = true;
            while (more) {
                more = false;
                for (int c = 0; c < conns; c++) {
                    List<byte[]> mine = frames.get(c);
                    if (next[c] >= mine.size()) {
                        continue;
                    }
                    ByteArrayOutputStream chunk = new ByteArrayOutputStream(CHUNK);
                    long t = System.nanoTime();
                    while (next[c] < mine.size()
                            && (chunk.size() == 0 || chunk.size() + mine.get(next[c]).length <= CHUNK)) {
                        sentAt[c][next[c]] = t;
                        chunk.writeBytes(mine.get(next[c]++));
                    }
                    providers[c].sendRaw(chunk.toByteArray());
                    more |= next[c] < mine.size();
                }
            }
            long allSentAt = System.nanoTime();
            answered.await(timeoutMillis, TimeUnit.MILLISECONDS);
            door.tap(null);
            // the latch orders the AR thread's writes of every answered Start before these reads
            return new BurstClient.Outcome(sentAt, ackedAt, status, startedAt, allSentAt);
        } finally {
            door.tap(null);
            for (RouterBrokerEmulator.Provider p : providers) {
                if (p != null) {
                    p.close();
                }
            }
        }
    }
}
