package io.inventorysync.simulator;

import Wazuh.FullSessionSchema.Mode;
import io.inventorysync.simulator.FullSessionClient.Answer;
import io.inventorysync.simulator.SimulatedAgent.Clean;
import io.inventorysync.simulator.SimulatedAgent.Item;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One agent's sync in the second generation, as remoted delivers it: a delta is one {@code ModuleDelta} SyncData
 * request; a full resync is a {@code Cleans} request for the agent's indices, then a {@code ModuleDelta} SyncData
 * carrying the whole dataset (fullsession-protocol.md section 3). Each request is posted again after a 503 with
 * {@code Retry-After}, waiting that long, up to {@code attempts} posts; any other answer, a transport error or a timeout
 * ends it. The Cleans must be answered 200 before the data is posted.
 */
public final class FullSessionAgent {

    /**
     * One request's outcome: its final answer (null after a transport error or timeout, then {@code error} says
     * which), nanoTime stamps of its first post, of its last post and of that post's answer (or failure), and the
     * posts made.
     */
    public record Posted(Answer answer, String error, long firstPosted, long posted, long answered, int attempts) {
        public boolean ok() {
            return answer != null && answer.ok();
        }

        /** The last post's answer time. */
        public long answerNanos() {
            return answered - posted;
        }

        /** The answer's status, or "error" for none. */
        public String status() {
            return answer == null ? "error" : Integer.toString(answer.status());
        }
    }

    /** A sync's requests: the Cleans (null for a delta) and the data (null when the Cleans failed). */
    public record Result(Posted cleans, Posted data) {
        public boolean ok() {
            return (cleans == null || cleans.ok()) && data != null && data.ok();
        }

        /** Posts made again after a 503 with Retry-After, over both requests. */
        public int retries() {
            return (cleans == null ? 0 : cleans.attempts() - 1) + (data == null ? 0 : data.attempts() - 1);
        }

        /** The first request's first post. */
        public long began() {
            return cleans != null ? cleans.firstPosted() : data.firstPosted();
        }

        /** The last request's final answer (or failure). */
        public long ended() {
            return data != null ? data.answered() : cleans.answered();
        }
    }

    private final FullSessionClient client;
    private final int attempts;

    /** @param attempts posts of one request at most (1: never again after a 503) */
    public FullSessionAgent(FullSessionClient client, int attempts) {
        this.client = client;
        this.attempts = Math.max(1, attempts);
    }

    /**
     * Syncs {@code items} (values and contexts) under {@code start}, whose mode is set to {@code ModuleDelta}; with
     * {@code full}, the agent's {@code start.indices()} are cleaned first. The bodies are built before the first post,
     * so the times are the door's and the service's, not the builder's.
     */
    public Result sync(FullSessionStart start, List<? extends Item> items, boolean full) {
        start.mode(Mode.ModuleDelta);
        ByteBuffer cleans = full
                ? FullSessionMessages.cleans(
                        start, start.indices().stream().map(Clean::new).toList())
                : null;
        ByteBuffer data = FullSessionMessages.syncData(start, items);
        Posted cleaned = null;
        if (cleans != null) {
            cleaned = post(start.agentid(), cleans);
            if (!cleaned.ok()) {
                return new Result(cleaned, null);
            }
        }
        return new Result(cleaned, post(start.agentid(), data));
    }

    /** One request, posted again after each 503 with Retry-After while attempts are left. */
    public Posted post(String agentId, ByteBuffer body) {
        long first = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            long posted = System.nanoTime();
            Answer answer;
            try {
                answer = client.post(agentId, body);
            } catch (IOException e) {
                return new Posted(null, e.toString(), first, posted, System.nanoTime(), attempt);
            }
            long answered = System.nanoTime();
            Optional<Duration> retryAfter = answer.status() == 503 ? answer.retryAfter() : Optional.empty();
            if (retryAfter.isEmpty() || attempt >= attempts) {
                return new Posted(answer, null, first, posted, answered, attempt);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(retryAfter.get().toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Posted(answer, "interrupted waiting to post again", first, posted, answered, attempt);
            }
        }
    }
}
