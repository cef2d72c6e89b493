package io.natsj.server;

import io.natsj.protocol.PubMessage;
import java.nio.charset.StandardCharsets;

/**
 * A published message with its subject (and reply) changed, for a trip into another account: a new
 * control line over the same payload. Allocates, which only messages crossing accounts pay.
 */
final class DerivedMessage {
    private DerivedMessage() {
    }

    /** {@code m} with a new subject and reply (null: none); valid as long as {@code m} is. */
    static PubMessage of(PubMessage m, String subject, String reply) {
        byte[] subj = subject.getBytes(StandardCharsets.ISO_8859_1);
        byte[] rep = reply == null ? null : reply.getBytes(StandardCharsets.ISO_8859_1);
        int len = subj.length + 1 + (rep == null ? 0 : rep.length + 1) + m.headerSizeLength + 1 + m.sizeLength;
        byte[] line = new byte[len];
        PubMessage d = new PubMessage();
        int at = 0;
        System.arraycopy(subj, 0, line, at, subj.length);
        d.subjectOffset = 0;
        d.subjectLength = subj.length;
        at += subj.length + 1;
        if (rep != null) {
            System.arraycopy(rep, 0, line, at, rep.length);
            d.replyOffset = at;
            d.replyLength = rep.length;
            at += rep.length + 1;
        } else {
            d.replyOffset = -1;
        }
        if (m.headerSizeLength > 0) {
            System.arraycopy(m.line, m.headerSizeOffset, line, at, m.headerSizeLength);
        }
        d.headerSizeOffset = at;
        d.headerSizeLength = m.headerSizeLength;
        at += m.headerSizeLength + 1;
        System.arraycopy(m.line, m.sizeOffset, line, at, m.sizeLength);
        d.sizeOffset = at;
        d.sizeLength = m.sizeLength;
        d.line = line;
        d.headerLength = m.headerLength;
        d.totalLength = m.totalLength;
        d.payload = m.payload;
        d.payloadIndex = m.payloadIndex;
        return d;
    }
}
