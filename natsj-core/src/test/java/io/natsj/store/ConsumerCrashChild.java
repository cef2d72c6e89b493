package io.natsj.store;

import io.natsj.store.ConsumerStore.AckMode;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The process {@link ConsumerCrashTest} kills: opens a file consumer store (explicit acks, a small
 * compaction threshold so the log is rewritten every few thousand updates) and delivers, redelivers
 * and acknowledges as fast as it can in batches (now and then all that is pending), checking after
 * each that exactly what it acknowledged stopped pending, and calling sync. When a batch's sync
 * completes it prints "B floorConsumer floorStream deliveredConsumer deliveredStream acked..." with
 * the state as the batch left it and the stream sequences it acknowledged, and "E" (a long line may
 * be cut short by the kill), until it is killed.
 */
final class ConsumerCrashChild {
    static final long COMPACT_BYTES = 64 * 1024;

    private ConsumerCrashChild() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
        try {
            run(Path.of(args[0]), out);
        } catch (RuntimeException e) {
            synchronized (out) {
                out.println("FAIL " + e);
                out.flush();
            }
            System.exit(1);
        }
    }

    private static void run(Path dir, PrintStream out) {
        FileConsumerStore store = FileConsumerStore.open(dir, AckMode.EXPLICIT, SyncPolicy.ALWAYS, COMPACT_BYTES,
                Segment.Opener.DEFAULT);
        ConsumerState st = store.state();
        long dseq = st.deliveredConsumer();
        long sseq = st.deliveredStream();
        TreeMap<Long, Long> pending = new TreeMap<>(); // stream sequence to consumer sequence, as the store has it
        st.pending().forEach((s, p) -> pending.put(s, p.consumerSeq()));
        out.println("OPEN");
        out.flush();
        Semaphore window = new Semaphore(16);
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (true) {
            window.acquireUninterruptibly();
            StringBuilder acked = new StringBuilder();
            int n = 1 + rnd.nextInt(40);
            for (int i = 0; i < n; i++) {
                int r = rnd.nextInt(10);
                if (r < 5 || pending.isEmpty()) {
                    dseq++;
                    sseq += rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 1;
                    store.updateDelivered(dseq, sseq, 1, System.nanoTime());
                    pending.put(sseq, dseq);
                } else if (r == 5) {
                    // a redelivery of the newest pending message, so consumer sequences keep rising with
                    // stream sequences and the floor only moves up (a redelivery further back can move
                    // nats-server's explicit floor down, or above acks that are then ignored)
                    long s = pending.lastKey();
                    dseq++;
                    store.updateDelivered(dseq, s, 2 + rnd.nextInt(3), System.nanoTime());
                    pending.put(s, dseq);
                } else {
                    long s = r < 9 || pending.size() > 400 ? pending.firstKey() : any(pending, rnd);
                    long d = pending.remove(s);
                    if (!store.updateAcks(d, s)) {
                        throw new IllegalStateException("stream sequence " + s + " not pending");
                    }
                    acked.append(' ').append(s);
                }
            }
            if (rnd.nextInt(50) == 0) {
                // everything acknowledged: the floor jumps to the last delivery (a redelivered entry
                // acknowledged first can hold the explicit floor back until then, as in nats-server)
                while (!pending.isEmpty()) {
                    var e = pending.pollFirstEntry();
                    if (!store.updateAcks(e.getValue(), e.getKey())) {
                        throw new IllegalStateException("stream sequence " + e.getKey() + " not pending");
                    }
                    acked.append(' ').append(e.getKey());
                }
            }
            st = store.state();
            if (!st.pending().keySet().equals(pending.keySet())) {
                throw new IllegalStateException("pending " + st.pending().keySet() + ", expected " + pending.keySet());
            }
            String line = "B " + st.ackFloorConsumer() + " " + st.ackFloorStream() + " " + st.deliveredConsumer() + " "
                    + st.deliveredStream() + acked + " E";
            store.sync().whenComplete((v, e) -> {
                window.release();
                if (e == null) {
                    synchronized (out) {
                        out.println(line);
                        out.flush();
                    }
                }
            });
        }
    }

    private static long any(TreeMap<Long, Long> pending, ThreadLocalRandom rnd) {
        Long s = pending.ceilingKey(pending.firstKey() + rnd.nextLong(pending.lastKey() - pending.firstKey() + 1));
        return s == null ? pending.firstKey() : s;
    }
}
