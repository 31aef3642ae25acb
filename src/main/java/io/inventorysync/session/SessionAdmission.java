package io.inventorysync.session;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Status;
import io.inventorysync.indexer.agent.AgentIds;
import io.inventorysync.indexer.agent.IndexAllowlist;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.support.LogText;
import io.inventorysync.support.RateLimitedLog;
import io.netty.channel.Channel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides every {@code Start} (behaviour.md §1) and keeps the open sessions and their item quota.
 *
 * <p>One lock guards the decision: admission is a few map operations, and the rules (replace, cap, quota) must see
 * one consistent state even in a burst of thousands of Starts.
 */
public final class SessionAdmission {

    /** The session id of a refused Start: all 64 bits set. */
    public static final long REFUSED = -1L;

    private static final Logger LOG = LoggerFactory.getLogger(SessionAdmission.class);
    private static final int MAX_MODULE_LENGTH = 64;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final SessionLimits limits;
    private final BooleanSupplier indexerAvailable;
    private final ServiceMetrics metrics;
    private final LongSupplier clock;
    // refusals and dropped indices come from agents: a burst is a few lines with the count of the rest
    private final RateLimitedLog warnings = new RateLimitedLog(LOG, 10_000);
    private final SecureRandom random = new SecureRandom();
    // session ids are drawn from SecureRandom 512 at a time (under the admission lock): one call per Start costs a
    // lock and a digest each, the largest part of admission in a burst
    private final byte[] ids = new byte[8 * 512];
    private int idsUsed = ids.length;
    private final Map<Long, Session> byId = new HashMap<>();
    private final Map<String, Session> byAgentModule = new HashMap<>();
    /** Agents with a metadata or group update running: their new Starts are refused (behaviour.md §7). */
    private final Map<String, Session> updatingAgents = new HashMap<>();

    private final List<Consumer<Session>> closeListeners = new CopyOnWriteArrayList<>();
    private long pendingItems;

    public SessionAdmission(SessionLimits limits, BooleanSupplier indexerAvailable, ServiceMetrics metrics) {
        this(limits, indexerAvailable, metrics, System::nanoTime);
    }

    /** @param clock nanoseconds, the time base of every session's idle time ({@code System::nanoTime} in service) */
    public SessionAdmission(
            SessionLimits limits, BooleanSupplier indexerAvailable, ServiceMetrics metrics, LongSupplier clock) {
        this.limits = limits;
        this.indexerAvailable = indexerAvailable;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Now, on the sessions' clock (nanoseconds). */
    public long now() {
        return clock.getAsLong();
    }

    /** Called with every session that leaves the open set (replaced or ended), to release what it holds. */
    public void onClose(Consumer<Session> listener) {
        closeListeners.add(listener);
    }

    /** Applies the admission rules in the order of behaviour.md §1. */
    public Admission admit(StartRequest start, Channel channel) {
        return admitAll(List.of(start), channel).get(0);
    }

    /**
     * Admits or refuses Starts in their order (behaviour.md §1), deciding all of them under one acquisition of the
     * admission lock: a burst arrives a few hundred Starts per read, and a lock per Start had the I/O threads queue.
     */
    public List<Admission> admitAll(List<StartRequest> starts, Channel channel) {
        int n = starts.size();
        Candidate[] candidates = new Candidate[n];
        for (int i = 0; i < n; i++) {
            candidates[i] = check(starts.get(i));
        }
        synchronized (this) {
            for (Candidate candidate : candidates) {
                if (candidate.admission == null) {
                    decide(candidate, channel);
                }
            }
        }
        List<Admission> admissions = new ArrayList<>(n);
        for (Candidate candidate : candidates) {
            admissions.add(settle(candidate));
        }
        return admissions;
    }

    /** A Start on its way through admission: refused by {@link #check}, or decided under the lock. */
    private static final class Candidate {
        final StartRequest start;
        String agent3;
        List<String> indices;
        Admission admission;
        Session replaced;

        Candidate(StartRequest start) {
            this.start = start;
        }
    }

    /** The rules that need no shared state, outside the lock. */
    private Candidate check(StartRequest start) {
        Candidate candidate = new Candidate(start);
        String agentId = start.agentId();
        String module = start.module();
        if (agentId.isEmpty() || module.isEmpty()) {
            candidate.admission =
                    refused(start, Status.Error, "Start without " + (agentId.isEmpty() ? "agentid" : "module"));
            return candidate;
        }
        Optional<String> padded = AgentIds.parse(agentId);
        if (padded.isEmpty() || !isModuleName(module)) {
            candidate.admission = refused(start, Status.Error, "Start with a malformed agentid or module");
            return candidate;
        }
        if (!indexerAvailable.getAsBoolean()) {
            candidate.admission = refused(start, Status.Offline, "no indexer host is usable");
            return candidate;
        }
        candidate.agent3 = padded.get();
        candidate.indices = allowlisted(start.indices(), candidate.agent3, module);
        return candidate;
    }

    /** Under the lock: the agent's update lock, the session it replaces, the caps. */
    private void decide(Candidate candidate, Channel channel) {
        if (updatingAgents.containsKey(candidate.agent3)) {
            candidate.admission = refused(
                    candidate.start,
                    Status.Error,
                    "agent " + candidate.agent3 + " is locked while its metadata or group update runs");
            return;
        }
        candidate.replaced = remove(byAgentModule.get(candidate.agent3 + " " + candidate.start.module()));
        candidate.admission = decide(candidate.start, candidate.agent3, candidate.indices, channel);
    }

    /** Outside the lock again: releases what a replaced session held, counts and logs. */
    private Admission settle(Candidate candidate) {
        Session replaced = candidate.replaced;
        if (replaced != null) {
            metrics.sessionsReplaced.increment();
            LOG.debug(
                    "Agent {} restarted {} sync: session {} dropped ({} items declared, phase {})",
                    candidate.agent3,
                    replaced.module(),
                    replaced.idText(),
                    Long.toUnsignedString(replaced.size()),
                    replaced.phase());
            closed(replaced);
        }
        Admission admission = candidate.admission;
        if (admission.accepted()) {
            metrics.sessionsStarted.increment();
        } else {
            metrics.startsRefused.increment();
            warnings.warn(
                    "refused",
                    "Start of agent '{}' module '{}' refused ({}): {}",
                    LogText.printable(candidate.start.agentId()),
                    LogText.printable(candidate.start.module()),
                    admission.status() == Status.Offline ? "Offline" : "Error",
                    admission.reason());
        }
        return admission;
    }

    private Admission decide(StartRequest start, String agent3, List<String> indices, Channel channel) {
        if (byId.size() >= limits.maxSessions()) {
            return refused(
                    start,
                    Status.Offline,
                    "open sessions reached inventory.session.max-sessions=" + limits.maxSessions());
        }
        long remaining = limits.maxPendingItems() - pendingItems;
        if (Long.compareUnsigned(start.size(), remaining) > 0) {
            return refused(
                    start,
                    Status.Offline,
                    "size " + Long.toUnsignedString(start.size()) + " exceeds the remaining item quota " + remaining
                            + " of inventory.session.max-pending-items=" + limits.maxPendingItems());
        }
        long id = freshId();
        if (start.size() == 0 && (start.mode() == Mode.ModuleFull || start.mode() == Mode.ModuleDelta)) {
            return new Admission(
                    Status.Error,
                    id,
                    start.agentId(),
                    start.module(),
                    null,
                    "size 0 is not valid for mode " + Mode.name(start.mode()));
        }
        Session session =
                new Session(id, agent3, start.module(), start.mode(), start.size(), indices, start, clock.getAsLong());
        session.channel(channel);
        byId.put(id, session);
        byAgentModule.put(agent3 + " " + start.module(), session);
        pendingItems += start.size();
        return new Admission(Status.Ok, id, agent3, start.module(), session, null);
    }

    /** The open session with this id, if any. */
    public synchronized Optional<Session> find(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Marks a receiving session complete: a repeated End is then answered Processing. False when it is not open. */
    public synchronized boolean complete(Session session) {
        if (byId.get(session.id()) != session || !session.completed()) {
            return false;
        }
        if (isAgentUpdate(session.mode())) {
            updatingAgents.put(session.agentId(), session);
        }
        return true;
    }

    /** Ends a session: it leaves the open set and its quota is returned. False when it was not open. */
    public boolean end(long id) {
        Session session;
        synchronized (this) {
            session = remove(byId.get(id));
        }
        if (session != null) {
            closed(session);
        }
        return session != null;
    }

    /** Sessions admitted before {@code cutoff} ({@link System#nanoTime()}) that have not received a message since. */
    public synchronized List<Session> untouchedSince(long cutoff) {
        List<Session> idle = new ArrayList<>();
        for (Session session : byId.values()) {
            if (session.untouchedSince(cutoff)) {
                idle.add(session);
            }
        }
        return idle;
    }

    /** The complete sessions whose agents heard nothing since {@code cutoff} ({@link Session#waitingSilentlySince}). */
    public List<Session> waitingSilentlySince(long cutoff) {
        return openWhere(session -> session.waitingSilentlySince(cutoff));
    }

    /** Receiving sessions that got nothing since {@code cutoff} (the sessions' clock), whatever they received before. */
    public List<Session> idleSince(long cutoff) {
        return openWhere(session -> session.idleSince(cutoff));
    }

    private synchronized List<Session> openWhere(Predicate<Session> test) {
        List<Session> matching = new ArrayList<>();
        for (Session session : byId.values()) {
            if (test.test(session)) {
                matching.add(session);
            }
        }
        return matching;
    }

    /**
     * Ends {@code session} if it is still open, receiving and idle since {@code cutoff}, deciding under the admission
     * lock (a message that arrives meanwhile keeps it). True for exactly one caller.
     */
    public boolean expireIfIdle(Session session, long cutoff) {
        return expire(session, s -> s.idleSince(cutoff));
    }

    /**
     * Ends {@code session} when the aggregator timed out its group, unless a message arrived since the group's latest
     * update (then the idle check expires it later, from that message on). True for exactly one caller.
     */
    public boolean expireTimedOut(Session session) {
        return expire(session, Session::idleSinceAggregated);
    }

    private boolean expire(Session session, Predicate<Session> idle) {
        synchronized (this) {
            if (byId.get(session.id()) != session || !idle.test(session)) {
                return false;
            }
            // a session that never got a message: its first message and this expiry race on one compare-and-set
            if (!session.touched() && !session.expireUntouched()) {
                return false;
            }
            remove(session);
        }
        closed(session);
        return true;
    }

    public synchronized int openSessions() {
        return byId.size();
    }

    public synchronized long pendingItems() {
        return pendingItems;
    }

    /** Sessions complete and not yet answered: queued for the indexer or being indexed. */
    public synchronized int completeSessions() {
        return (int) byId.values().stream().filter(Session::complete).count();
    }

    private static boolean isAgentUpdate(byte mode) {
        return mode == Mode.MetadataDelta
                || mode == Mode.MetadataCheck
                || mode == Mode.GroupDelta
                || mode == Mode.GroupCheck;
    }

    private Session remove(Session session) {
        if (session == null) {
            return null;
        }
        byId.remove(session.id());
        byAgentModule.remove(session.agentId() + " " + session.module());
        pendingItems -= session.size();
        updatingAgents.remove(session.agentId(), session);
        session.close();
        return session;
    }

    /**
     * Runs the close listeners (the store's range delete). A failing one is logged and counted, never thrown: the
     * responses of whoever closed the session (the EndAck, the StartAcks of a read) must still leave.
     */
    private void closed(Session session) {
        for (Consumer<Session> listener : closeListeners) {
            try {
                listener.accept(session);
            } catch (RuntimeException e) {
                metrics.deletesFailed.increment();
                warnings.warn("close", "{}: releasing its stored data failed: {}", session, e.toString());
            }
        }
    }

    private long freshId() {
        long id;
        do {
            if (idsUsed == ids.length) {
                random.nextBytes(ids);
                idsUsed = 0;
            }
            id = (long) LONGS.get(ids, idsUsed);
            idsUsed += 8;
        } while (id == 0 || id == REFUSED || byId.containsKey(id));
        return id;
    }

    /** 1 to 64 of {@code A-Z a-z 0-9 _ . -}. */
    private static boolean isModuleName(String module) {
        if (module.length() > MAX_MODULE_LENGTH) {
            return false;
        }
        for (int i = 0; i < module.length(); i++) {
            char c = module.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '.'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return !module.isEmpty();
    }

    private static Admission refused(StartRequest start, byte status, String reason) {
        return new Admission(status, REFUSED, start.agentId(), start.module(), null, reason);
    }

    private List<String> allowlisted(List<String> requested, String agent3, String module) {
        List<String> kept = new ArrayList<>(requested.size());
        for (String index : requested) {
            if (IndexAllowlist.isAllowed(index)) {
                kept.add(index);
            } else {
                warnings.warn(
                        "index",
                        "Agent {} module {}: index '{}' is not allowlisted and is dropped from the session",
                        agent3,
                        module,
                        LogText.printable(index));
            }
        }
        return List.copyOf(kept);
    }
}
