package io.inventorysync.fullsession;

import io.inventorysync.indexer.agent.AgentDeletion;
import io.inventorysync.indexer.agent.AgentIds;
import io.inventorysync.indexer.agent.ByQueryResult;
import io.inventorysync.indexer.client.IndexerHealth;
import io.inventorysync.indexing.QueuedSession;
import io.inventorysync.indexing.QueuedSessions;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.support.LogText;
import io.inventorysync.support.RateLimitedLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What routes/fullsession.camel.yaml does with a request of the second front door: a {@code POST /stateful} is
 * checked and queued for the indexing core, shared with the first generation; an agent deletion runs on its own
 * thread. Every request is answered exactly once, with the statuses and bodies of fullsession-protocol.md §3.
 */
public final class FullSessionRequests implements QueuedSessions {

    private static final Logger LOG = LoggerFactory.getLogger(FullSessionRequests.class);
    // {"agent_id":"7"} or {"agent_id":7}: the body of POST /_internal/agents/delete
    private static final Pattern AGENT_ID_JSON =
            Pattern.compile("^\\s*\\{\\s*\"agent_id\"\\s*:\\s*\"?(\\d{1,16})\"?\\s*}\\s*$");
    private static final int MAX_DELETE_BODY = 256;

    private final FullSessionChecks checks;
    private final IndexerHealth health;
    private final AgentDeletion deletion;
    private final ServiceMetrics metrics;
    private final int retryAfterSeconds;
    private final RateLimitedLog warnings = new RateLimitedLog(LOG, 10_000);

    /**
     * @param managerClusterName {@code <cluster><name>}: FullSessions of another cluster are refused (403)
     * @param retryAfterSeconds  the {@code Retry-After} of a 503 that a later post may not get
     */
    public FullSessionRequests(
            String managerClusterName,
            IndexerHealth health,
            AgentDeletion deletion,
            ServiceMetrics metrics,
            int retryAfterSeconds) {
        this.checks = new FullSessionChecks(managerClusterName);
        this.health = health;
        this.deletion = deletion;
        this.metrics = metrics;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * Checks a {@code POST /stateful} request (the body): answered at once when refused or when nothing applies (the
     * body becomes null), else the body becomes the session to queue for indexing.
     */
    public void admit(Exchange exchange) {
        FullSessionRequest request = exchange.getMessage().getBody(FullSessionRequest.class);
        exchange.getMessage().setBody(null);
        FullSessionChecks.Verdict verdict = checks.check(request.agentId(), request.body(), request.receivedAtNanos());
        if (verdict instanceof FullSessionChecks.Refused refused) {
            warnings.warn(
                    "refused",
                    "FullSession of agent {} refused {}: {}",
                    LogText.printable(request.agentId()),
                    refused.answer().status(),
                    refused.answer().json());
            answer(request, refused.answer());
            return;
        }
        FullSessionChecks.Accepted accepted = (FullSessionChecks.Accepted) verdict;
        if (accepted.noop()) {
            answer(request, HttpAnswer.noop());
            return;
        }
        if (!health.anyHostUsable()) {
            answer(request, unavailable());
            return;
        }
        exchange.getMessage().setBody(new FullSessionJob(request, accepted.session(), this));
    }

    /** The session of this exchange could not be queued (the indexing queue is full): 503, post again later. */
    public void notQueued(Exchange exchange) {
        FullSessionJob job = exchange.getMessage().getBody(FullSessionJob.class);
        if (job != null) {
            job.notQueued();
        }
    }

    /**
     * Deletes an agent's documents ({@code DELETE /agents}, {@code POST /agents/delete} with the id in
     * {@code X-Wazuh-Agent-Id}; {@code POST /_internal/agents/delete} with {@code {"agent_id":"7"}}), answered 200 once
     * the deletion is visible. Runs on its own thread: the indexer is called and waited for.
     */
    public void deleteAgent(Exchange exchange) {
        FullSessionRequest request = exchange.getMessage().getBody(FullSessionRequest.class);
        Optional<String> agent = request.kind() == RouteKind.DELETE_AGENT_JSON
                ? agentOfJson(request.body())
                : AgentIds.parse(request.agentId());
        if (agent.isEmpty()) {
            answer(request, HttpAnswer.error(400, "Agent id must be numeric"));
            return;
        }
        metrics.agentDeletionRequests.increment();
        try {
            ByQueryResult result = deletion.delete(agent.get());
            if (result.success()) {
                LOG.info("Agent {} deleted: {} documents", agent.get(), result.deleted());
                answer(request, HttpAnswer.ok());
            } else {
                LOG.warn("Deletion of agent {} failed: {}", agent.get(), result.reason());
                answer(request, failure());
            }
        } catch (IOException e) {
            LOG.warn("Deletion of agent {} failed: {}", agent.get(), e.getMessage());
            answer(request, unavailable());
        }
    }

    private static Optional<String> agentOfJson(ByteBuffer body) {
        if (body.remaining() > MAX_DELETE_BODY) {
            return Optional.empty();
        }
        byte[] bytes = new byte[body.remaining()];
        body.duplicate().get(bytes);
        Matcher m = AGENT_ID_JSON.matcher(new String(bytes, StandardCharsets.UTF_8));
        return m.matches() ? AgentIds.parse(m.group(1)) : Optional.empty();
    }

    /**
     * The FullSession a queued exchange stands for, while somebody waits for its answer. One nobody waits for any more
     * (remoted gave up) is dropped: the queue lets go of its exchange, and with it of its body.
     */
    @Override
    public QueuedSession of(Exchange queued) {
        if (!(queued.getMessage().getBody() instanceof FullSessionJob job)) {
            return null;
        }
        if (job.pending()) {
            return job;
        }
        job.dropped();
        return null;
    }

    /** Answers and counts. */
    void answer(FullSessionRequest request, HttpAnswer answer) {
        int status = answer.status();
        if (status == 200) {
            metrics.fullSessionsOk.increment();
        } else if (status == 409) {
            metrics.fullSessionsMismatched.increment();
        } else if (status >= 500) {
            metrics.fullSessionsFailed.increment();
        } else {
            metrics.fullSessionsRefused.increment();
        }
        request.answer(answer);
    }

    /** A session the indexer did not take: 503 when no indexer host is usable (post again), else 500. */
    HttpAnswer failure() {
        return health.anyHostUsable() ? HttpAnswer.error(500, "Internal error") : unavailable();
    }

    private HttpAnswer unavailable() {
        return HttpAnswer.unavailable(retryAfterSeconds, "Service unavailable");
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
