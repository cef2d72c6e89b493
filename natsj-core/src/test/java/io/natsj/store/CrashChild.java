package io.natsj.store;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

/**
 * The process {@link CrashTest} kills: opens a file store and has a few threads store as fast as
 * they can (keeping at most {@link #LIMIT} bytes), printing "seq crc" for each message once its future completes (acknowledged), until
 * it is killed.
 */
final class CrashChild {
    static final long LIMIT = 16L * 1024 * 1024;

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
        // max_bytes keeps long runs bounded on disk, and makes the old end churn (deletes, dropped segments)
        FileStore store = FileStore.open(dir, "crash", new FileStoreOptions(256 * 1024, SyncPolicy.ALWAYS),
                StreamLimits.NONE.withMaxBytes(LIMIT));
        out.println("OPEN " + store.state(false).lastSeq());
        out.flush();
        for (int t = 0; t < 4; t++) {
            int id = t;
            Thread th = new Thread(() -> publish(store, id, out));
            th.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void publish(FileStore store, int id, PrintStream out) {
        Semaphore window = new Semaphore(64);
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (true) {
            window.acquireUninterruptibly();
            byte[] payload = new byte[rnd.nextInt(4000)];
            rnd.nextBytes(payload);
            String subject = "crash." + id + "." + rnd.nextInt(5);
            long crc = checksum(subject, payload);
            store.store(subject, null, payload, System.nanoTime()).whenComplete((seq, e) -> {
                window.release();
                if (e == null) {
                    synchronized (out) {
                        out.println(seq + " " + crc);
                        out.flush();
                    }
                }
            });
        }
    }

    static long checksum(String subject, byte[] payload) {
        CRC32C c = new CRC32C();
        c.update(subject.getBytes());
        c.update(payload);
        return c.getValue();
    }
}
