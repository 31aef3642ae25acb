package io.inventorysync.indexer.agent;

import io.inventorysync.indexer.client.IndexerResponseException;
import java.util.List;
import java.util.Objects;
import org.opensearch.client.opensearch._types.BulkByScrollFailure;
import org.opensearch.client.opensearch.core.DeleteByQueryResponse;
import org.opensearch.client.opensearch.core.UpdateByQueryResponse;

/**
 * The outcome of one {@code _update_by_query} or {@code _delete_by_query}. Version conflicts are counted but are no
 * failure: the requests run with {@code conflicts=proceed}, and a conflicting document was changed by someone newer.
 *
 * @param success   the indexer answered 2xx, with no failures and no timeout
 * @param failures  the number of entries in the answer's {@code failures} array
 * @param reason    why it failed, null on success
 */
public record ByQueryResult(
        boolean success,
        long total,
        long updated,
        long deleted,
        long noops,
        long versionConflicts,
        int failures,
        String reason) {

    /** Nothing to do, nothing sent: a success. */
    public static ByQueryResult nothingToDo() {
        return new ByQueryResult(true, 0, 0, 0, 0, 0, 0, null);
    }

    public static ByQueryResult failure(String reason) {
        return new ByQueryResult(false, 0, 0, 0, 0, 0, 0, reason);
    }

    /**
     * The indexer's final error answer to {@code what} as a failed result. When it kept answering 429 or 5xx until
     * the retries ran out, it could not take the request at all: that stays an exception, as when it is out of
     * reach.
     */
    public static ByQueryResult refused(String what, IndexerResponseException e) throws IndexerResponseException {
        if (e.gaveUp()) {
            throw e;
        }
        return failure(what + " answered HTTP " + e.status() + ": " + e.answer());
    }

    /**
     * Reads the indexer's answer; {@code what} names the request in the failure reason. An answer with
     * {@code timed_out} or any {@code failures} is a failure: the request did not reach every document.
     */
    public static ByQueryResult of(String what, DeleteByQueryResponse r) {
        return of(
                what, r.timedOut(), r.failures(), r.total(), r.updated(), r.deleted(), r.noops(), r.versionConflicts());
    }

    /** As {@link #of(String, DeleteByQueryResponse)}. */
    public static ByQueryResult of(String what, UpdateByQueryResponse r) {
        return of(
                what, r.timedOut(), r.failures(), r.total(), r.updated(), r.deleted(), r.noops(), r.versionConflicts());
    }

    private static ByQueryResult of(
            String what,
            Boolean timedOut,
            List<BulkByScrollFailure> failures,
            Long total,
            Long updated,
            Long deleted,
            Long noops,
            Long versionConflicts) {
        String reason = null;
        if (!failures.isEmpty()) {
            reason = what + " had " + failures.size() + " failure(s), first: "
                    + excerpt(failures.get(0).toJsonString());
        } else if (Boolean.TRUE.equals(timedOut)) {
            reason = what + " timed out";
        }
        return new ByQueryResult(
                reason == null,
                count(total),
                count(updated),
                count(deleted),
                count(noops),
                count(versionConflicts),
                failures.size(),
                reason);
    }

    private static long count(Long n) {
        return Objects.requireNonNullElse(n, 0L);
    }

    static String excerpt(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
