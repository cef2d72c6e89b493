package io.natsj.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records every handler call as a readable string, copying what the parser only lends. */
class RecordingHandler implements ProtocolHandler {
    final List<String> events = new ArrayList<>();

    @Override
    public void onConnect(String json) {
        events.add("CONNECT " + json);
    }

    @Override
    public void onPub(PubMessage m) {
        StringBuilder sb = new StringBuilder(m.hasHeaders() ? "HPUB " : "PUB ");
        sb.append(text(m.line, m.subjectOffset, m.subjectLength));
        if (m.hasReply()) {
            sb.append(" reply=").append(text(m.line, m.replyOffset, m.replyLength));
        }
        if (m.hasHeaders()) {
            sb.append(" hdr=").append(m.headerLength)
                .append(" hdrsize=").append(text(m.line, m.headerSizeOffset, m.headerSizeLength));
        }
        sb.append(" total=").append(m.totalLength)
            .append(" size=").append(text(m.line, m.sizeOffset, m.sizeLength));
        byte[] payload = new byte[m.totalLength];
        m.payload.getBytes(m.payloadIndex, payload);
        sb.append(" [").append(text(payload, 0, payload.length)).append(']');
        events.add(sb.toString());
    }

    @Override
    public void onSub(String subject, String queue, String sid) {
        events.add("SUB " + subject + " " + (queue == null ? "-" : queue) + " " + sid);
    }

    @Override
    public void onUnsub(String sid, long max) {
        events.add("UNSUB " + sid + " " + max);
    }

    @Override
    public void onPing() {
        events.add("PING");
    }

    @Override
    public void onPong() {
        events.add("PONG");
    }

    @Override
    public void onInfo(String json) {
        events.add("INFO " + json);
    }

    @Override
    public void onOk() {
        events.add("+OK");
    }

    @Override
    public void onErr(String text) {
        events.add("-ERR " + text);
    }

    @Override
    public void onProtocolError(ProtocolError error, String detail) {
        events.add("ERROR " + error);
    }

    /** Bytes as text with CR, LF, tab and non-ASCII escaped, so events stay on one line. */
    static String text(byte[] b, int offset, int length) {
        String s = new String(b, offset, length, StandardCharsets.ISO_8859_1);
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
