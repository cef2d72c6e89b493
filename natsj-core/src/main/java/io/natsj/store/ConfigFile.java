package io.natsj.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A store's small configuration file (a stream's or a consumer's opaque blob): CRC32C + bytes, replaced
 * whole: written to a temporary file, fsynced, renamed over, the directory fsynced, so a crash leaves
 * the old blob or the new one, never a mix.
 */
final class ConfigFile {
    private ConfigFile() {
    }

    /**
     * The blob in {@code file}, or null when there is none.
     *
     * @throws StoreException "the {@code kind} config in FILE is damaged" when its checksum does not match
     */
    static byte[] read(Path file, String kind) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.limit() < 4 || b.getInt(0) != RecordFormat.checksum(b, 4, b.limit() - 4)) {
            throw new StoreException("the " + kind + " config in " + file + " is damaged");
        }
        byte[] out = new byte[b.limit() - 4];
        b.get(4, out);
        return out;
    }

    /** Replaces {@code dir/name} with {@code blob} durably; the temporary file is removed when that fails. */
    static void write(Path dir, String name, String tmpName, byte[] blob) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + blob.length).putInt(0).put(blob);
        b.putInt(0, RecordFormat.checksum(b, 4, blob.length)).flip();
        Path tmp = dir.resolve(tmpName);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            FileStore.syncDirectory(dir);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException d) {
                e.addSuppressed(d);
            }
            throw e;
        }
    }
}
