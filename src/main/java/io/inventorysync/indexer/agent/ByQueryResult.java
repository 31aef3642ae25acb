package io.inventorysync.indexer.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventorysync.indexer.Response;
import java.io.IOException;

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

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Nothing to do, nothing sent: a success. */
    public static ByQueryResult nothingToDo() {
        return new ByQueryResult(true, 0, 0, 0, 0, 0, 0, null);
    }

    public static ByQueryResult failure(String reason) {
        return new ByQueryResult(false, 0, 0, 0, 0, 0, 0, reason);
    }

    /**
     * Reads the indexer's answer; {@code what} names the request in the failure reason. A 2xx answer with
     * {@code timed_out} or any {@code failures} is a failure: the request did not reach every document.
     */
    public static ByQueryResult of(String what, Response response) {
        if (!response.isSuccess()) {
            return failure(what + " answered HTTP " + response.status() + ": " + response.excerpt(300));
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            return failure(what + " answered unreadable JSON: " + response.excerpt(300));
        }
        if (body == null || !body.isObject()) {
            return failure(what + " answered no JSON object: " + response.excerpt(300));
        }
        JsonNode failures = body.path("failures");
        int failureCount = failures.isArray() ? failures.size() : 0;
        String reason = null;
        if (failureCount > 0) {
            reason = what + " had " + failureCount + " failure(s), first: "
                    + excerpt(failures.get(0).toString());
        } else if (body.path("timed_out").asBoolean(false)) {
            reason = what + " timed out";
        }
        return new ByQueryResult(
                reason == null,
                body.path("total").asLong(),
                body.path("updated").asLong(),
                body.path("deleted").asLong(),
                body.path("noops").asLong(),
                body.path("version_conflicts").asLong(),
                failureCount,
                reason);
    }

    private static String excerpt(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
