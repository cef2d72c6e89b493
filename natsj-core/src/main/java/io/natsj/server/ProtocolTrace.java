package io.natsj.server;

import io.natsj.protocol.GoQuote;
import io.natsj.protocol.PubMessage;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protocol trace lines (-V) in nats-server's shape: {@code <client> - <<- [SUB foo 1]} for what a
 * client sent, {@code <client> - ->> [MSG foo 1 5]} for what it is sent, and
 * {@code <client> - <<- MSG_PAYLOAD: ["hello"]}. Passwords and tokens in CONNECT are replaced by
 * {@code [REDACTED]}. Only called while tracing is on; nothing here is on the untraced path.
 */
final class ProtocolTrace {
    private static final Logger LOG = LoggerFactory.getLogger(ProtocolTrace.class);
    /** nats-server's pattern for the value of a password field in CONNECT JSON. */
    private static final Pattern PASS = Pattern.compile("\"?\\s*pass\\S*?\"?\\s*[:=]\\s*\"?(([^\",\\r\\n}])*)");
    private static final Pattern TOKEN = Pattern.compile("\"?\\s*auth_token\\S*?\"?\\s*[:=]\\s*\"?(([^\",\\r\\n}])*)");

    private ProtocolTrace() {
    }

    static void in(String who, String op, byte[] arg, int length) {
        if (arg == null) {
            LOG.trace("{} - <<- [{}]", who, op);
            return;
        }
        String text = new String(arg, 0, length, StandardCharsets.ISO_8859_1);
        if (op.equals("CONNECT")) {
            text = redact(redact(text, PASS), TOKEN);
        }
        LOG.trace("{} - <<- [{} {}]", who, op, text);
    }

    static void payload(String who, ByteBuf buf, int index, int length, int maxTracedMsgLen) {
        byte[] b = new byte[length];
        buf.getBytes(index, b);
        if (maxTracedMsgLen > 0 && length > maxTracedMsgLen) {
            String q = GoQuote.quote(new String(b, 0, maxTracedMsgLen, StandardCharsets.UTF_8));
            // As nats-server: the first max_traced_msg_len characters of the quoted text, then "...".
            String cut = q.substring(1, Math.min(q.length(), maxTracedMsgLen + 1));
            LOG.trace("{} - <<- MSG_PAYLOAD: [\"{}...\"]", who, cut);
        } else {
            LOG.trace("{} - <<- MSG_PAYLOAD: [{}]", who, GoQuote.quote(new String(b, StandardCharsets.UTF_8)));
        }
    }

    static void out(String who, String op) {
        LOG.trace("{} - ->> [{}]", who, op);
    }

    static void out(String who, String op, String arg) {
        LOG.trace("{} - ->> [{} {}]", who, op, arg);
    }

    /** A change the server makes on its own, e.g. {@code <-> [DELSUB 1]} when a subscription goes. */
    static void internal(String who, String op, String arg) {
        LOG.trace("{} - <-> [{} {}]", who, op, arg);
    }

    /** The MSG/HMSG line a subscriber is sent, without CRLF. */
    static void delivery(String who, PubMessage m, String sid, boolean withHeaders) {
        StringBuilder sb = new StringBuilder(64);
        boolean h = withHeaders && m.hasHeaders();
        sb.append(h ? "HMSG " : "MSG ");
        sb.append(new String(m.line, m.subjectOffset, m.subjectLength, StandardCharsets.ISO_8859_1)).append(' ');
        sb.append(sid).append(' ');
        if (m.hasReply()) {
            sb.append(new String(m.line, m.replyOffset, m.replyLength, StandardCharsets.ISO_8859_1)).append(' ');
        }
        if (h) {
            sb.append(m.headerLength).append(' ').append(m.totalLength);
        } else {
            sb.append(m.hasHeaders() ? m.totalLength - m.headerLength : m.totalLength);
        }
        out(who, sb.toString());
    }

    private static String redact(String text, Pattern p) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return text;
        }
        return text.substring(0, m.start(1)) + "[REDACTED]" + text.substring(m.end(1));
    }
}
