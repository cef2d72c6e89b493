package io.natsj.jetstream;

import io.natsj.protocol.GoJson;
import io.natsj.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Direct get (nats-server's processDirectGetRequest and processDirectGetLastBySubjectRequest): a
 * stream with allow_direct answers {@code $JS.API.DIRECT.GET.<stream>} (a JSON request: seq,
 * last_by_subj or next_by_subj) and {@code $JS.API.DIRECT.GET.<stream>.<subject>} (the last message on
 * that subject) with the stored message itself: its headers plus Nats-Stream, Nats-Subject,
 * Nats-Sequence and Nats-Time-Stamp, and its payload; or with a status-only header (404, 408).
 *
 * <p>These are not API requests in nats-server's accounting: never counted, never answered with JSON.
 */
final class DirectGet {
    static final String PREFIX = "$JS.API.DIRECT.GET.";
    private static final byte[] NONE = new byte[0];
    private static final byte[] EMPTY_REQUEST = status("408 Empty Request");
    private static final byte[] MALFORMED_REQUEST = status("408 Malformed Request");
    private static final byte[] BAD_REQUEST = status("408 Bad Request");
    private static final byte[] NOT_FOUND = status("404 Message Not Found");

    /** A message to send to the requester: a header block and a payload. */
    record Reply(byte[] headers, byte[] payload) {
    }

    private DirectGet() {
    }

    private static byte[] status(String s) {
        return ("NATS/1.0 " + s + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The answer to a direct get on {@code subject}, or null for none (no such stream, direct not allowed, no reply). */
    static Reply handle(JsAccount account, String subject, String reply, byte[] body) {
        if (account == null || reply == null || reply.isEmpty()) {
            return null;
        }
        String rest = subject.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        String name = dot < 0 ? rest : rest.substring(0, dot);
        Stream s = account.streams().get(name);
        if (s == null || !s.config().allowDirect()) {
            return null;
        }
        if (dot >= 0) {
            String key = rest.substring(dot + 1);
            if (body.length != 0 || key.isEmpty()) {
                return new Reply(BAD_REQUEST, NONE);
            }
            return load(s, 0, key, "");
        }
        if (body.length == 0) {
            return new Reply(EMPTY_REQUEST, NONE);
        }
        long seq;
        String lastFor;
        String nextFor;
        try {
            GoJson.Struct req = GoJson.struct("server.JSApiMsgGetRequest", new String(body, StandardCharsets.UTF_8));
            seq = req.unsigned("seq", "uint64", 64);
            lastFor = req.string("last_by_subj");
            nextFor = req.string("next_by_subj");
        } catch (GoJson.SyntaxError | GoJson.TypeError e) {
            return new Reply(MALFORMED_REQUEST, NONE);
        }
        if (seq == 0 && lastFor.isEmpty() && nextFor.isEmpty()) {
            return new Reply(EMPTY_REQUEST, NONE);
        }
        if (seq != 0 && !lastFor.isEmpty() || !lastFor.isEmpty() && !nextFor.isEmpty()) {
            return new Reply(BAD_REQUEST, NONE);
        }
        return load(s, seq, lastFor, nextFor);
    }

    private static Reply load(Stream s, long seq, String lastFor, String nextFor) {
        StoredMessage m;
        try {
            m = seq != 0 && nextFor.isEmpty() ? s.store.load(seq)
                    : !nextFor.isEmpty() ? s.store.loadNext(nextFor, seq) : s.store.loadLast(lastFor);
        } catch (RuntimeException e) {
            m = null; // a damaged record is never served
        }
        if (m == null) {
            return new Reply(NOT_FOUND, NONE);
        }
        return new Reply(headers(s.name(), m), m.payload());
    }

    /** The stored headers (or a fresh block) with the four Nats-* lines appended, as nats-server's genHeader does. */
    static byte[] headers(String stream, StoredMessage m) {
        Instant t = Instant.ofEpochSecond(0, m.timestamp());
        return JsHeaders.append(m.headers(), "Nats-Stream: " + value(stream) + "\r\nNats-Subject: " + value(m.subject())
                + "\r\nNats-Sequence: " + Long.toUnsignedString(m.seq()) + "\r\nNats-Time-Stamp: "
                + StreamConfigJson.rfc3339(t) + "\r\n");
    }

    /** Go's http.Header.Write: line breaks in a value become spaces, surrounding blanks are trimmed. */
    private static String value(String v) {
        return v.replace('\r', ' ').replace('\n', ' ').strip();
    }
}
