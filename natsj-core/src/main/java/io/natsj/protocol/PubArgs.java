package io.natsj.protocol;

/**
 * Reads the arguments of PUB and HPUB into the reused {@link PubMessage} without allocating, checking
 * them in the order of Go's processPub/processHeaderPub. On failure it returns Go's error text (for
 * logs); the client is then closed without -ERR, as nats-server does.
 */
final class PubArgs {
    private final Tokens tokens = new Tokens();

    /** PUB subject [reply] size. Returns null when valid, else Go's error message. */
    String readPub(byte[] line, int length, PubMessage msg) {
        msg.line = line;
        int n = tokens.splitBlanks(line, length);
        if (n != 2 && n != 3) {
            return "processPub Parse Error: " + GoQuote.quote(line, 0, length);
        }
        setSubjectAndReply(msg, n == 3);
        msg.headerLength = -1;
        msg.headerSizeOffset = 0;
        msg.headerSizeLength = 0;
        setSize(msg, n - 1);
        if (msg.totalLength < 0) {
            return "processPub Bad or Missing Size: " + GoQuote.quote(line, 0, length);
        }
        return null;
    }

    /** HPUB subject [reply] hdr_size total_size. Returns null when valid, else Go's error message. */
    String readHpub(byte[] line, int length, PubMessage msg) {
        msg.line = line;
        int n = tokens.splitBlanks(line, length);
        if (n != 3 && n != 4) {
            return "processHeaderPub Parse Error: " + GoQuote.quote(line, 0, length);
        }
        setSubjectAndReply(msg, n == 4);
        int h = n - 2;
        msg.headerSizeOffset = tokens.start(h);
        msg.headerSizeLength = tokens.length(h);
        msg.headerLength = Ascii.parseSize(line, msg.headerSizeOffset, msg.headerSizeLength);
        setSize(msg, n - 1);
        if (msg.headerLength < 0) {
            return "processHeaderPub Bad or Missing Header Size: " + GoQuote.quote(line, 0, length);
        }
        if (msg.totalLength < 0) {
            return "processHeaderPub Bad or Missing Total Size: " + GoQuote.quote(line, 0, length);
        }
        if (msg.headerLength > msg.totalLength) {
            return "processHeaderPub Header Size larger then TotalSize: " + GoQuote.quote(line, 0, length);
        }
        return null;
    }

    private void setSubjectAndReply(PubMessage msg, boolean hasReply) {
        msg.subjectOffset = tokens.start(0);
        msg.subjectLength = tokens.length(0);
        if (hasReply) {
            msg.replyOffset = tokens.start(1);
            msg.replyLength = tokens.length(1);
        } else {
            msg.replyOffset = -1;
            msg.replyLength = 0;
        }
    }

    private void setSize(PubMessage msg, int token) {
        msg.sizeOffset = tokens.start(token);
        msg.sizeLength = tokens.length(token);
        msg.totalLength = Ascii.parseSize(msg.line, msg.sizeOffset, msg.sizeLength);
    }

    /**
     * HMSG from a client: Go parses no arguments for it (only routes and leafnodes may send it) and then
     * expects an empty payload, delivering a publish with no subject. Reproduced as an empty view.
     */
    static void readClientHmsg(PubMessage msg) {
        msg.subjectOffset = 0;
        msg.subjectLength = 0;
        msg.replyOffset = -1;
        msg.replyLength = 0;
        msg.headerLength = 0;
        msg.headerSizeOffset = 0;
        msg.headerSizeLength = 0;
        msg.totalLength = 0;
        msg.sizeOffset = 0;
        msg.sizeLength = 0;
    }
}
