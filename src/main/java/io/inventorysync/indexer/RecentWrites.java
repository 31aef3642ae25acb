package io.inventorysync.indexer;

import io.inventorysync.indexer.client.IndexerRequests;
import io.inventorysync.indexer.client.IndexerResponseException;
import java.io.IOException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.opensearch.client.opensearch._types.Time;
import org.opensearch.client.opensearch.indices.GetIndicesSettingsResponse;
import org.opensearch.client.opensearch.indices.IndexSettings;
import org.opensearch.client.opensearch.indices.IndexState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a delete-by-query must be preceded by a {@code _refresh} (behaviour.md §5): it sees only searchable
 * documents, and a document becomes searchable at its index's next scheduled refresh. So a refresh is needed only
 * when one of the agents it cleans had documents accepted within the index's refresh window (two
 * {@code index.refresh_interval}s plus a second: a scheduled refresh may run late under load), or while this process
 * is younger than that window (its predecessor may have written them). Shards gone search-idle refresh before they
 * answer a search, so an old write is visible either way. An index whose interval is {@code -1} or cannot be read is
 * always refreshed.
 *
 * <p>Holds the agents written within the last windows only (pruned as it goes); thread-safe.
 */
public final class RecentWrites {

    private static final Logger LOG = LoggerFactory.getLogger(RecentWrites.class);
    private static final long MARGIN = TimeUnit.SECONDS.toNanos(1);
    /** How long a refresh interval read from the indexer is trusted. */
    private static final long INTERVAL_TTL = TimeUnit.SECONDS.toNanos(60);
    /** Always refresh: the window never closes (refreshes disabled, or the interval unknown). */
    private static final long ALWAYS = Long.MAX_VALUE;

    private final LongSupplier clock;
    private final long startedAt;
    // index, cluster, agent -> when a bulk with its documents was answered
    private final Map<Written, Long> written = new ConcurrentHashMap<>();
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private volatile long prunedAt;

    private record Written(String index, String cluster, String agent) {}

    private record Window(long nanos, long readAt) {}

    public RecentWrites() {
        this(System::nanoTime);
    }

    /** @param clock {@link System#nanoTime()} or a test's */
    public RecentWrites(LongSupplier clock) {
        this.clock = clock;
        this.startedAt = clock.getAsLong();
        this.prunedAt = startedAt;
    }

    /** The agent's documents in {@code index} of {@code cluster} were just accepted. */
    public void written(String index, String cluster, String agent) {
        long now = clock.getAsLong();
        written.put(new Written(index, cluster, agent), now);
        if (now - prunedAt > INTERVAL_TTL) {
            prunedAt = now;
            written.values().removeIf(at -> now - at > longestWindow());
        }
    }

    /**
     * Whether a delete-by-query of these agents' documents of {@code cluster} in {@code index} must refresh first.
     * Reads the index's refresh interval when it has not for a minute.
     */
    public boolean needsRefresh(IndexerRequests requests, String index, String cluster, Collection<String> agents) {
        long window = window(requests, index);
        if (window == ALWAYS) {
            return true;
        }
        long now = clock.getAsLong();
        if (now - startedAt <= window) {
            return true;
        }
        for (String agent : agents) {
            Long at = written.get(new Written(index, cluster, agent));
            if (at != null && now - at <= window) {
                return true;
            }
        }
        return false;
    }

    private long longestWindow() {
        long longest = 0;
        for (Window w : windows.values()) {
            longest = Math.max(longest, w.nanos == ALWAYS ? 0 : w.nanos);
        }
        return Math.max(longest, 3 * MARGIN);
    }

    private long window(IndexerRequests requests, String index) {
        long now = clock.getAsLong();
        Window known = windows.get(index);
        if (known != null && now - known.readAt < INTERVAL_TTL) {
            return known.nanos;
        }
        long interval = refreshInterval(requests, index);
        long nanos = interval < 0 ? ALWAYS : 2 * interval + MARGIN;
        windows.put(index, new Window(nanos, now));
        return nanos;
    }

    /** {@code index.refresh_interval} (set, or the default), in nanoseconds; -1 when disabled or unknown. */
    private static long refreshInterval(IndexerRequests requests, String index) {
        try {
            GetIndicesSettingsResponse response = requests.client()
                    .indices()
                    .getSettings(g -> g.index(index)
                            .name("index.refresh_interval")
                            .includeDefaults(true)
                            .ignoreUnavailable(true)
                            .allowNoIndices(true));
            for (IndexState state : response.result().values()) {
                Time set = refreshIntervalOf(state.settings());
                Time time = set != null ? set : refreshIntervalOf(state.defaults());
                return time == null ? -1 : nanos(time);
            }
            return 0; // no such index yet: nothing of it to make visible
        } catch (IndexerResponseException e) {
            if (e.status() == 404) {
                return 0;
            }
            LOG.debug("refresh interval of {} unknown ({}): refreshing before its cleans", index, e.getMessage());
            return -1;
        } catch (IOException | RuntimeException e) {
            LOG.debug("refresh interval of {} unknown ({}): refreshing before its cleans", index, e.toString());
            return -1;
        }
    }

    private static Time refreshIntervalOf(IndexSettings settings) {
        if (settings == null) {
            return null;
        }
        if (settings.refreshInterval() != null) {
            return settings.refreshInterval();
        }
        return settings.index() == null ? null : settings.index().refreshInterval();
    }

    /** {@code 1s}, {@code 500ms}, {@code -1} (-1: disabled) as nanoseconds. */
    static long nanos(Time time) {
        if (time.isOffset()) {
            return time.offset() < 0 ? -1 : TimeUnit.MILLISECONDS.toNanos(time.offset());
        }
        String text = time.time().trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("-")) {
            return -1;
        }
        int unit = 0;
        while (unit < text.length() && (Character.isDigit(text.charAt(unit)) || text.charAt(unit) == '.')) {
            unit++;
        }
        if (unit == 0) {
            return -1;
        }
        double value = Double.parseDouble(text.substring(0, unit));
        long scale = switch (text.substring(unit)) {
            case "nanos" -> 1L;
            case "micros" -> 1_000L;
            case "ms", "" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> -1L;
        };
        return scale < 0 ? -1 : (long) (value * scale);
    }
}
