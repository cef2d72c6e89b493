package io.natsj.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.natsj.store.FileStore;
import io.natsj.store.FileStoreOptions;
import io.natsj.store.MemoryStore;
import io.natsj.store.StreamLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream opened on messages already stored (a restart, or a crash that lost some PubAcks) knows
 * the message ids inside its duplicate window again, as nats-server does: a retried publish is
 * answered as a duplicate of what was kept instead of being stored twice.
 */
class StreamRestartTest {
    private static final String TEMPLATE = PubAcks.template("S", null);
    /** An account with no limits reached, no republish and nobody following the stream. */
    private static final Stream.Hooks NONE = new Stream.Hooks() {
        @Override
        public void republish(String subject, byte[] headers, byte[] payload) {
        }

        @Override
        public void stored(String stream) {
        }

        @Override
        public boolean serverFull(StreamConfig.Storage type) {
            return false;
        }

        @Override
        public boolean accountOver(StreamConfig.Storage type) {
            return false;
        }
    };

    private static StreamConfig config(String window) throws Exception {
        return StreamCreate.validate("S", "{\"name\":\"S\",\"subjects\":[\"s\"],\"storage\":\"file\",\"duplicate_window\":" + window + "}",
                n -> null, false, 0, 0);
    }

    private static byte[] headers(String... lines) {
        StringBuilder sb = new StringBuilder("NATS/1.0\r\n");
        for (String l : lines) {
            sb.append(l).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String answer(Stream s, byte[] headers) {
        Stream.Outcome o = s.publish("s", headers, "x".getBytes(StandardCharsets.US_ASCII));
        return o.now() != null ? o.now() : o.later().join();
    }

    @Test
    void aReopenedFileStreamAnswersDuplicates(@TempDir Path dir) throws Exception {
        StreamConfig c = config("120000000000");
        FileStoreOptions options = FileStoreOptions.DEFAULTS;
        Stream before = new Stream(c, Instant.now(), FileStore.open(dir, "S", options, StreamLimits.NONE), null, NONE);
        assertEquals(PubAcks.stored(TEMPLATE, 1), answer(before, headers("Nats-Msg-Id: a")));
        assertEquals(PubAcks.stored(TEMPLATE, 2), answer(before, null));
        assertEquals(PubAcks.stored(TEMPLATE, 3), answer(before, headers("Nats-Msg-Id: c")));
        before.store.close();

        Stream after = new Stream(c, Instant.now(), FileStore.open(dir, "S", options, StreamLimits.NONE), null, NONE);
        assertEquals(PubAcks.duplicate(TEMPLATE, 1), answer(after, headers("Nats-Msg-Id: a")));
        assertEquals(PubAcks.duplicate(TEMPLATE, 3), answer(after, headers("Nats-Msg-Id: c")));
        // the last message id is known again too
        assertEquals(PubAcks.stored(TEMPLATE, 4), answer(after, headers("Nats-Expected-Last-Msg-Id: c", "Nats-Msg-Id: d")));
        after.store.close();
    }

    @Test
    void onlyIdsInsideTheWindowCount() throws Exception {
        StreamConfig c = config("60000000000"); // one minute
        MemoryStore store = new MemoryStore("S", StreamLimits.NONE);
        Instant t = Instant.now();
        long now = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        store.store("s", headers("Nats-Msg-Id: old"), new byte[1], now - 90_000_000_000L).join();
        store.store("s", headers("Nats-Msg-Id: new"), new byte[1], now - 30_000_000_000L).join();
        store.store("s", headers("Other: 1"), new byte[1], now - 20_000_000_000L).join();
        Stream s = new Stream(c, Instant.now(), store, null, NONE);
        assertEquals(PubAcks.duplicate(TEMPLATE, 2), answer(s, headers("Nats-Msg-Id: new")));
        assertEquals(PubAcks.stored(TEMPLATE, 4), answer(s, headers("Nats-Msg-Id: old")));
        assertNotNull(store.load(4));
        assertNull(store.load(5));
    }
}
