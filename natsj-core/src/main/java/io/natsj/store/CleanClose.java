package io.natsj.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a normal close leaves in the stream directory (file "closed"): the last sequence and the
 * newest segment's base and length, checksummed (big-endian: "NJCL" | last seq u64 | base u64 |
 * length u64 | CRC32C of the 28 bytes before).
 *
 * <p>Without it, recovery cannot tell damage at the end of the newest segment (a truncated file, a
 * flipped bit in the last record's header) from a write a crash cut short, which is cut off
 * silently: acknowledged messages would vanish unreported and their sequences be given out again.
 * With it, the newest segment is known to have been whole, so whatever is missing or unreadable
 * there is damage, reported like damage anywhere else. The file is removed when the store opens
 * (before anything is written), so after a crash there is none and a cut-short write is cut off as
 * before.
 */
record CleanClose(long lastSeq, long base, long size) {
    private static final Logger log = LoggerFactory.getLogger(CleanClose.class);
    static final String FILE = "closed";
    private static final int MAGIC = 0x4E4A434C;
    private static final int LENGTH = 4 + 8 + 8 + 8 + 4;

    /** Writes the record durably: a temporary file, fsynced, renamed over, the directory fsynced. */
    void write(Path dir) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(LENGTH).putInt(MAGIC).putLong(lastSeq).putLong(base).putLong(size);
        b.putInt(RecordFormat.checksum(b, 0, LENGTH - 4)).flip();
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        FileStore.syncDirectory(dir);
    }

    /** The record a normal close left, or null: none (a crash, or a new store) or a damaged one (logged). */
    static CleanClose read(Path dir, String stream) throws IOException {
        Path p = dir.resolve(FILE);
        if (!Files.exists(p)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p));
        if (b.limit() != LENGTH || b.getInt(0) != MAGIC || b.getInt(LENGTH - 4) != RecordFormat.checksum(b, 0, LENGTH - 4)) {
            log.warn("stream {}: the record of its last close is damaged; recovering as after a crash", stream);
            return null;
        }
        return new CleanClose(b.getLong(4), b.getLong(12), b.getLong(20));
    }

    /** Removes the record (once the store is open, before anything is written), if there is one. */
    static void remove(Path dir) throws IOException {
        if (Files.deleteIfExists(dir.resolve(FILE))) {
            FileStore.syncDirectory(dir);
        }
    }
}
