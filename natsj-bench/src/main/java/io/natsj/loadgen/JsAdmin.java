package io.natsj.loadgen;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * JetStream API requests over the raw protocol ($JS.API.STREAM.CREATE/INFO/DELETE, CONSUMER.INFO), one at a time,
 * from the calling thread: a connection with one subscription to _INBOX.&lt;id&gt;.* and a new reply
 * subject per request, as a client library does.
 */
final class JsAdmin implements NatsConn.Tap, AutoCloseable {
    private static final int TIMEOUT_MILLIS = 10_000;

    private final NatsConn conn;
    private final String inbox;
    private long next;
    private String answer;

    JsAdmin(Target target) throws IOException {
        inbox = "_INBOX." + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        conn = NatsConn.open(target, this, 0);
        conn.sendAscii("SUB " + inbox + ".* 1\r\n");
        conn.flush(TIMEOUT_MILLIS);
    }

    /** Creates a stream with one subject; throws with the server's answer if it refuses. */
    void createStream(String name, String subject, String storage) throws IOException {
        String json = "{\"name\":\"" + name + "\",\"subjects\":[\"" + subject + "\"],\"storage\":\"" + storage
                + "\",\"num_replicas\":1}";
        String a = request("$JS.API.STREAM.CREATE." + name, json);
        if (a.contains("\"error\"") || !a.contains("\"config\"")) {
            throw new IOException("STREAM.CREATE " + name + " refused: " + a);
        }
    }

    /** The stream's message count as STREAM.INFO gives it ("state":{"messages":N,...}). */
    long messages(String name) throws IOException {
        String a = request("$JS.API.STREAM.INFO." + name, "");
        byte[] b = a.getBytes(StandardCharsets.UTF_8);
        int state = JsonScan.indexOf(b, 0, b.length, "\"state\"");
        long n = state < 0 ? -1 : JsonScan.number(b, state, b.length, "\"messages\"");
        if (n < 0) {
            throw new IOException("STREAM.INFO " + name + ": no message count in " + a);
        }
        return n;
    }

    /** The consumer's state as $JS.API.CONSUMER.INFO gives it; throws with the answer if it is an error. */
    ConsumerState consumerInfo(String stream, String consumer) throws IOException {
        return ConsumerState.parse(request("$JS.API.CONSUMER.INFO." + stream + "." + consumer, ""));
    }

    /** Deletes the stream; throws with the server's answer if it did not. */
    void deleteStream(String name) throws IOException {
        String a = request("$JS.API.STREAM.DELETE." + name, "");
        if (!a.contains("\"success\":true")) {
            throw new IOException("STREAM.DELETE " + name + " failed: " + a);
        }
    }

    private String request(String subject, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        answer = null;
        conn.sendAscii("PUB " + subject + " " + inbox + "." + next++ + " " + b.length + "\r\n");
        conn.send(b, 0, b.length);
        conn.sendAscii("\r\n");
        conn.flushBuffer();
        conn.readTimeout(TIMEOUT_MILLIS);
        try {
            while (answer == null) {
                if (conn.readOnce() < 0) {
                    throw new IOException("connection closed by the server" + (conn.firstError() == null ? ""
                            : " (-ERR " + conn.firstError() + ")"));
                }
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer to " + subject + " within " + TIMEOUT_MILLIS + " ms (JetStream enabled?)");
        }
        return answer;
    }

    @Override
    public boolean wantsPayload() {
        return true;
    }

    @Override
    public void onMessage(NatsConn c, byte[] args, int argsLen, byte[] payload, int payloadLen) {
        String a = new String(payload, 0, payloadLen, StandardCharsets.UTF_8);
        // A 503 status (no responders: JetStream off) comes as headers only.
        answer = a.startsWith("NATS/1.0") ? "{\"error\":\"" + a.trim().replace("\r\n", " ") + "\"}" : a;
    }

    @Override
    public void close() {
        conn.close();
    }
}
