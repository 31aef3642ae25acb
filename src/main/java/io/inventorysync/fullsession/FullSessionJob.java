package io.inventorysync.fullsession;

import Wazuh.SyncSchema.Status;
import io.inventorysync.indexer.CompleteSession;
import io.inventorysync.indexer.SessionIndexer;
import io.inventorysync.indexing.QueuedSession;
import org.apache.camel.Exchange;

/**
 * A checked FullSession in the indexing queue, with the HTTP request it answers. Its body stays off-heap until the
 * answer is written; a request whose connection is gone (remoted gave up after 20 s and will post it again) is no
 * longer indexed.
 */
final class FullSessionJob implements QueuedSession {

    private final FullSessionRequest request;
    private final FullSessionContent content;
    private final FullSessionRequests requests;

    FullSessionJob(FullSessionRequest request, FullSessionContent content, FullSessionRequests requests) {
        this.request = request;
        this.content = content;
        this.requests = requests;
    }

    @Override
    public String agentId() {
        return content.agentId();
    }

    @Override
    public long items() {
        // a clean or an update counts as one item: the group's size stands for the work it sends
        return Math.max(1, content.values());
    }

    @Override
    public boolean pending() {
        return request.isOpen();
    }

    @Override
    public CompleteSession open() {
        return content;
    }

    @Override
    public void indexed(SessionIndexer.Outcome outcome, Exchange exchange) {
        requests.answer(request, answerTo(outcome));
        // the indexer is done with the body; a job taken into another's group has an exchange that never completes
        request.routeDone();
    }

    @Override
    public void dropped() {
        request.routeDone();
    }

    /** 200 only when the indexer accepted every request of this session (§3); a data session that sent nothing: noop. */
    private HttpAnswer answerTo(SessionIndexer.Outcome outcome) {
        if (outcome.ok()) {
            return content.values() > 0 && outcome.indexed() == 0 ? HttpAnswer.noop() : HttpAnswer.ok();
        }
        if (outcome.status() == Status.ChecksumMismatch) {
            return HttpAnswer.checksumMismatch();
        }
        return requests.failure();
    }

    void notQueued() {
        requests.answer(request, HttpAnswer.unavailable(requests.retryAfterSeconds(), "Service unavailable"));
    }

    @Override
    public String toString() {
        return content.toString();
    }
}
