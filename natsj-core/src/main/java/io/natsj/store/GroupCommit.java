package io.natsj.store;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Group commit: writers register what they wrote (under the store's lock) and one fsync covers
 * everything registered before it started, however many publishers wrote meanwhile. While a sync
 * runs, new writes queue up for the next one, so the number of fsyncs adapts to the disk's speed
 * rather than to the publish rate.
 *
 * <p>Threading: {@link #add} and {@link #touched} run on writers' threads; syncs run on a
 * "natsj-store-sync" thread (at most one per store at a time) or, for {@link #syncNow}, on the
 * caller's (the interval timer, close). Futures complete on the thread that synced.
 *
 * <p>A failed sync fails the futures it covered, and every later one until {@link #clearFailure}:
 * after a failed fsync the kernel may have dropped the pages it could not write and a later fsync
 * can succeed without writing them, so no later success proves anything written before it.
 */
final class GroupCommit {
    /** A message's acknowledgement: completes with its sequence once it is on disk. */
    static final class Ack extends CompletableFuture<Long> {
        final long seq;

        Ack(long seq) {
            this.seq = seq;
        }
    }

    private final Executor executor;
    private final Consumer<IOException> onFailure;
    private final FailureLog failures;
    private final Object guard = new Object();
    /** Guarded by {@link #guard}: acknowledgements waiting for the next sync. */
    private List<Ack> waiting = new ArrayList<>();
    /** Guarded by {@link #guard}: segments written since they were last synced (each with dirty set). */
    private List<Segment> dirty = new ArrayList<>();
    /** Guarded by {@link #guard}: a sync task is queued or running on {@link #executor}. */
    private boolean scheduled;
    /** Guarded by {@link #guard}: syncs in progress, so close can wait for them. */
    private int inFlight;
    /** Guarded by {@link #guard}: close has begun; queued sync tasks leave the rest to it. */
    private boolean closing;
    /** Guarded by {@link #guard}: syncs done and acknowledgements they completed, for figures. */
    private long syncs;
    private long acked;
    /** Guarded by {@link #guard}: set by a failed sync; every acknowledgement fails with it until cleared. */
    private StoreException failure;
    /** Guarded by {@link #guard}: the lowest sequence whose acknowledgement failed since the last clear. */
    private long failedFrom = Long.MAX_VALUE;
    /** Guarded by {@link #guard}: how many times the failure was cleared; a batch taken before a clear is not counted after it. */
    private long cleared;

    GroupCommit(Executor executor, FailureLog failures, Consumer<IOException> onFailure) {
        this.executor = executor;
        this.failures = failures;
        this.onFailure = onFailure;
    }

    /** A message was written to {@code segment}: its future completes after the next sync. */
    CompletableFuture<Long> add(long seq, Segment segment) {
        Ack ack = new Ack(seq);
        boolean start;
        synchronized (guard) {
            waiting.add(ack);
            markDirty(segment);
            start = !scheduled;
            scheduled = true;
        }
        if (start) {
            executor.execute(this::drain);
        }
        return ack;
    }

    /** Something was written to {@code segment} that needs a sync but has no one waiting; {@code soon}: sync now. */
    void touched(Segment segment, boolean soon) {
        boolean start;
        synchronized (guard) {
            markDirty(segment);
            start = soon && !scheduled;
            scheduled |= start;
        }
        if (start) {
            executor.execute(this::drain);
        }
    }

    /** Runs on the interval timer: starts a sync on a sync thread when anything was written. */
    void requestSync() {
        boolean start;
        synchronized (guard) {
            start = !scheduled && !closing && !dirty.isEmpty();
            scheduled |= start;
        }
        if (start) {
            executor.execute(this::drain);
        }
    }

    private void markDirty(Segment segment) {
        if (!segment.dirty) {
            segment.dirty = true;
            dirty.add(segment);
        }
    }

    /** Runs on a sync thread: syncs until nothing is waiting. */
    private void drain() {
        while (true) {
            synchronized (guard) {
                if (closing || (waiting.isEmpty() && dirty.isEmpty())) {
                    scheduled = false;
                    return;
                }
            }
            syncNow();
        }
    }

    /** Syncs everything written so far and completes the waiting futures. */
    void syncNow() {
        List<Ack> acks;
        List<Segment> segments;
        StoreException failed;
        long generation;
        synchronized (guard) {
            failed = failure;
            generation = cleared;
            acks = waiting;
            segments = dirty;
            waiting = new ArrayList<>();
            dirty = new ArrayList<>();
            for (Segment s : segments) {
                s.dirty = false;
            }
            inFlight++;
            syncs++;
            acked += acks.size();
        }
        try {
            if (failed != null) {
                fail(acks, failed, generation);
                return;
            }
            IOException error = force(segments);
            if (error == null) {
                for (Ack a : acks) {
                    a.complete(a.seq);
                }
            } else {
                failures.failed("sync (" + acks.size() + " messages not acknowledged)", error.toString());
                StoreException e = new StoreException("sync failed: " + error.getMessage(), error);
                synchronized (guard) {
                    failure = e;
                }
                onFailure.accept(error); // the store refuses writes before any publisher hears of the failure
                fail(acks, e, generation);
            }
        } finally {
            synchronized (guard) {
                inFlight--;
                guard.notifyAll();
            }
        }
    }

    private void fail(List<Ack> acks, StoreException e, long generation) {
        if (!acks.isEmpty()) {
            synchronized (guard) {
                if (generation == cleared) {
                    failedFrom = Math.min(failedFrom, acks.get(0).seq); // added in sequence order
                }
            }
        }
        for (Ack a : acks) {
            a.completeExceptionally(e);
        }
    }

    /**
     * The store has made good after a failed sync: acknowledgements complete normally again.
     *
     * @return the lowest sequence whose acknowledgement failed (Long.MAX_VALUE: none)
     */
    long clearFailure() {
        synchronized (guard) {
            long from = failedFrom;
            failure = null;
            failedFrom = Long.MAX_VALUE;
            cleared++;
            return from;
        }
    }

    /** The lowest sequence whose acknowledgement failed since the last clear (Long.MAX_VALUE: none). */
    long failedFrom() {
        synchronized (guard) {
            return failedFrom;
        }
    }

    private static IOException force(List<Segment> segments) {
        IOException failure = null;
        for (Segment s : segments) {
            try {
                s.force();
            } catch (ClosedChannelException e) {
                if (!s.deleted) {
                    failure = e; // deleted segments held only removed messages: nothing to keep
                }
            } catch (IOException e) {
                failure = e;
            }
        }
        return failure;
    }

    /** {syncs, acknowledgements}: their ratio is the batch size group commit achieved. */
    long[] figures() {
        synchronized (guard) {
            return new long[] {syncs, acked};
        }
    }

    /** Waits for running syncs, then syncs what is left; the store takes no more writes. */
    void close() {
        synchronized (guard) {
            closing = true;
            while (inFlight > 0) {
                try {
                    guard.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        syncNow();
    }
}
