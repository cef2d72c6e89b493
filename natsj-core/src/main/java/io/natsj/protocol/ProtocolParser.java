package io.natsj.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ByteProcessor;

/**
 * The client-protocol parser: a byte-at-a-time state machine that behaves like the CLIENT paths of
 * nats-server 2.9's parser.go, including its errors and its tolerance (case-insensitive op names, runs
 * of blanks between arguments, LF with optional CR, anything after PING/PONG/+OK ignored).
 *
 * <p>Where Go's result depends on how the bytes were split into reads (it drops CRs inside a line that
 * spans reads, and treats a client HMSG differently when split), this parser always gives the answer Go
 * gives when everything arrives in one read, so the handler sees the same operations however the input
 * is split.
 *
 * <p>PUB and HPUB allocate nothing in steady state: arguments are parsed in a reused line buffer and the
 * payload is handed over in place when it is inside the read buffer, or from one reused buffer when it
 * spans reads. Strings are made only for SUB, UNSUB, CONNECT, INFO and -ERR, decoded as UTF-8.
 *
 * <p>Not thread-safe: runs on the connection's event loop. Handler methods may call {@link #stop()} or
 * {@link #release()}; the parser then makes no further calls, as Go's parser returns at once when
 * processing an op fails (a bad CONNECT or INFO, say).
 */
public final class ProtocolParser {
    /** nats-server's MAX_CONTROL_LINE_SIZE, used when max_control_line is not set (0). */
    public static final int DEFAULT_MAX_CONTROL_LINE = 4096;

    private static final int START = 0;
    /** Read 'P': PUB, PING or PONG. */
    private static final int OP_P = 1;
    /** Read 'H': HPUB or HMSG. */
    private static final int OP_H = 2;
    /** Matching the rest of {@link #op}'s name. */
    private static final int NAME = 3;
    /** After a name that must be followed by a blank. */
    private static final int NEED_BLANK = 4;
    /** Skipping blanks before the first argument byte. */
    private static final int BLANKS = 5;
    /** Collecting arguments up to the LF. */
    private static final int ARG = 6;
    /** PING, PONG, +OK: waiting for the LF. */
    private static final int TO_EOL = 7;
    /** Reading a PUB/HPUB payload; handled outside the byte scanner so it can skip ahead. */
    private static final int PAYLOAD = 8;
    private static final int PAYLOAD_CR = 9;
    private static final int PAYLOAD_LF = 10;
    /** After an error, stop() or release(): everything is ignored from now on. */
    private static final int STOPPED = 11;
    private static final String[] STATE_NAMES = {
        "START", "OP_P", "OP_H", "NAME", "NEED_BLANK", "BLANKS", "ARG", "TO_EOL",
        "PAYLOAD", "PAYLOAD_CR", "PAYLOAD_LF", "STOPPED"
    };
    private static final Op[] AFTER_P = {Op.PUB, Op.PING, Op.PONG};
    private static final Op[] AFTER_H = {Op.HPUB, Op.HMSG};
    /** Go logs this many bytes of the input after a parse error. */
    private static final int SNIPPET_SIZE = 32;

    private final ProtocolHandler handler;
    private int maxControlLine;
    private final ControlLine line;
    private final PubArgs pubArgs = new PubArgs();
    private final Tokens tokens = new Tokens();
    private final PubMessage msg = new PubMessage();
    private final PayloadBuffer splitPayload = new PayloadBuffer();
    private final ByteProcessor scanner = this::step;

    private int maxPayload;
    private boolean headersSupported;
    private boolean awaitingAuth;
    /** Set by {@link #pause}: parse returns after the current operation, the rest left unread. */
    private boolean paused;
    private boolean tracing;

    private int state = START;
    private Op op;
    private int namePosition;
    /** True while the current payload is being collected in {@link #splitPayload}. */
    private boolean collecting;

    /** The buffer being parsed and the index of the byte being looked at, for error details only. */
    private ByteBuf current;
    private int index;

    /**
     * @param maxControlLine max_control_line; 0 or less means {@link #DEFAULT_MAX_CONTROL_LINE}
     * @param maxPayload max_payload; negative means no limit (Go's jwt.NoLimit)
     */
    public ProtocolParser(ProtocolHandler handler, int maxControlLine, int maxPayload) {
        this.handler = handler;
        this.maxControlLine = maxControlLine > 0 ? maxControlLine : DEFAULT_MAX_CONTROL_LINE;
        this.line = new ControlLine(this.maxControlLine);
        this.maxPayload = maxPayload;
        msg.line = line.bytes();
    }

    /** Whether the client negotiated headers (CONNECT headers:true); HPUB without it closes the connection. */
    public void setHeadersSupported(boolean headersSupported) {
        this.headersSupported = headersSupported;
    }

    /** Changes max_payload for the following PUB/HPUB (e.g. an account limit applied at CONNECT). */
    public void setMaxPayload(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    /** Protocol tracing (-V): report every op and payload through the handler's trace methods. */
    public void setTracing(boolean tracing) {
        this.tracing = tracing;
    }

    /** Changes max_control_line (config reload); 0 or less means the default. */
    public void setMaxControlLine(int maxControlLine) {
        this.maxControlLine = maxControlLine > 0 ? maxControlLine : DEFAULT_MAX_CONTROL_LINE;
        line.setMaxLength(this.maxControlLine);
    }

    /**
     * While true, every op must start with 'C' or 'c' (CONNECT): anything else is an
     * {@link ProtocolError#AUTHORIZATION_VIOLATION}, detected on the op's first byte as Go does (so
     * {@code CRAP} is still an unknown operation). The server sets it for connections that must
     * authenticate and clears it in onConnect once the JSON has parsed (Go's connectReceived flag).
     */
    public void setAwaitingAuth(boolean awaitingAuth) {
        this.awaitingAuth = awaitingAuth;
    }

    /**
     * Stops parsing for good: no further handler calls, in this parse call or later ones. For a handler
     * that closes the connection itself (bad CONNECT JSON, say): Go drops the rest of the read then.
     */
    public void stop() {
        state = STOPPED;
    }

    /** Consumes every readable byte of {@code in}, calling the handler for each complete operation. */
    public void parse(ByteBuf in) {
        int end = in.writerIndex();
        int i = in.readerIndex();
        current = in;
        try {
            while (i < end && state != STOPPED && !paused) {
                if (state == PAYLOAD) {
                    i = payload(in, i, end);
                } else if (state == ARG) {
                    i = arguments(in, i, end);
                } else {
                    index = i - 1;
                    int stoppedAt = in.forEachByte(i, end - i, scanner);
                    i = stoppedAt < 0 ? end : stoppedAt + 1;
                }
            }
        } catch (RuntimeException | Error e) {
            // A handler failed mid-op; the position in the stream is lost, so nothing more can be parsed.
            state = STOPPED;
            throw e;
        } finally {
            current = null;
            in.readerIndex(paused && state != STOPPED ? Math.min(i, end) : end);
        }
    }

    /**
     * Stops after the operation being handled: {@link #parse} returns with the buffer's reader index
     * at the next operation, and parses nothing more until {@link #resume}. For a handler that must
     * finish an operation elsewhere first (a CONNECT whose bcrypt check runs off the event loop).
     */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    public boolean isPaused() {
        return paused;
    }

    /**
     * During {@link ProtocolHandler#onProtocolError}: how many bytes of the buffer being parsed come
     * after the one that caused the error (input the server will never look at).
     */
    public int inputAfterError() {
        return current == null ? 0 : Math.max(0, current.writerIndex() - index - 1);
    }

    /** Frees internal buffers and stops parsing; called when the connection closes. Idempotent. */
    public void release() {
        stop();
        splitPayload.release();
        msg.payload = null;
    }

    /** Handles one byte outside payloads; false stops the scan (payload next, or stopped). */
    private boolean step(byte b) {
        index++;
        switch (state) {
            case START -> startOp(b);
            case OP_P -> branch(b, AFTER_P);
            case OP_H -> branch(b, AFTER_H);
            case NAME -> nameByte(b);
            case NEED_BLANK -> {
                if (Ascii.isBlank(b)) {
                    state = BLANKS;
                } else {
                    unknownOperation();
                }
            }
            case BLANKS -> {
                if (!Ascii.isBlank(b)) {
                    state = ARG;
                    if (!line.start(b)) {
                        controlLineTooLong();
                    }
                }
            }
            case ARG -> {
                if (b == '\n') {
                    endOfArguments();
                } else if (!line.add(b)) {
                    controlLineTooLong();
                }
            }
            case TO_EOL -> {
                if (b == '\n') {
                    endOfBareLine();
                }
            }
            case PAYLOAD_CR -> {
                if (b == '\r') {
                    state = PAYLOAD_LF;
                } else {
                    unknownOperation();
                }
            }
            case PAYLOAD_LF -> {
                if (b == '\n') {
                    deliverCollected();
                } else {
                    unknownOperation();
                }
            }
            default -> throw new IllegalStateException("scanner in state " + STATE_NAMES[state]);
        }
        // The scan also stops where the arguments start: they are copied in bulk (arguments()).
        return state != PAYLOAD && state != STOPPED && state != ARG && !paused;
    }

    private void startOp(byte b) {
        if (awaitingAuth && b != 'C' && b != 'c') {
            if (!handler.onOpBeforeConnect()) {
                fail(ProtocolError.AUTHORIZATION_VIOLATION, "first operation is not CONNECT: " + snippet());
                return;
            }
            awaitingAuth = false;
        }
        switch (b) {
            case 'P', 'p' -> state = OP_P;
            case 'H', 'h' -> state = OP_H;
            case 'S', 's' -> matchName(Op.SUB, 1);
            case 'U', 'u' -> matchName(Op.UNSUB, 1);
            case 'C', 'c' -> matchName(Op.CONNECT, 1);
            case 'I', 'i' -> matchName(Op.INFO, 1);
            case '+' -> matchName(Op.OK, 1);
            case '-' -> matchName(Op.ERR, 1);
            default -> unknownOperation();
        }
    }

    /** The second byte of an op sharing its first letter with others picks the op. */
    private void branch(byte b, Op[] candidates) {
        int lower = (b & 0xff) | 0x20; // equals a lower-case letter only for that letter's two cases
        for (Op candidate : candidates) {
            if (candidate.name[1] == lower) {
                matchName(candidate, 2);
                return;
            }
        }
        unknownOperation();
    }

    private void matchName(Op next, int matched) {
        op = next;
        namePosition = matched;
        state = NAME;
    }

    private void nameByte(byte b) {
        // Name bytes past the first are letters, and b | 0x20 equals a lower-case letter only for its two cases.
        if (((b & 0xff) | 0x20) != op.name[namePosition]) {
            unknownOperation();
            return;
        }
        if (++namePosition == op.name.length) {
            state = switch (op.shape) {
                case ARGUMENTS -> NEED_BLANK;
                case JSON -> BLANKS;
                case BARE -> TO_EOL;
            };
        }
    }

    private void endOfBareLine() {
        state = START;
        if (tracing) {
            handler.onTraceIn(traceName(op), null, 0);
        }
        switch (op) {
            case PING -> handler.onPing();
            case PONG -> handler.onPong();
            case OK -> handler.onOk();
            default -> throw new IllegalStateException("not a bare op: " + op);
        }
    }

    /**
     * In ARG state at {@code i}: finds the line's LF with one scan and copies the arguments with one
     * copy, instead of a state-machine step per byte. Near max_control_line it takes one byte through
     * {@link #step} instead, so that the limit error comes at the byte where nats-server reports it.
     * Returns the index after what was consumed.
     */
    private int arguments(ByteBuf in, int i, int end) {
        int lf = in.indexOf(i, end, (byte) '\n');
        int stop = lf < 0 ? end : lf;
        if (!line.addAll(in, i, stop - i)) {
            index = i - 1;
            step(in.getByte(i));
            return i + 1;
        }
        if (lf < 0) {
            return end;
        }
        index = lf;
        endOfArguments();
        return lf + 1;
    }

    /** The LF of a line with arguments: dispatch. The state is set before calling out, so stop() sticks. */
    private void endOfArguments() {
        byte[] bytes = line.bytes();
        int length = line.length();
        if (tracing) {
            handler.onTraceIn(traceName(op), bytes, length);
        }
        switch (op) {
            case PUB -> startPayload(pubArgs.readPub(bytes, length, msg));
            case HPUB -> {
                if (headersSupported) {
                    startPayload(pubArgs.readHpub(bytes, length, msg));
                } else {
                    fail(ProtocolError.HEADERS_NOT_SUPPORTED, "message headers not supported");
                }
            }
            case HMSG -> {
                msg.line = bytes;
                PubArgs.readClientHmsg(msg);
                startPayload(null);
            }
            case SUB -> subscribe(bytes, length);
            case UNSUB -> unsubscribe(bytes, length);
            case CONNECT -> {
                state = START;
                handler.onConnect(json(bytes, length));
            }
            case INFO -> {
                state = START;
                handler.onInfo(json(bytes, length));
            }
            case ERR -> {
                String text = Ascii.string(bytes, 0, length);
                handler.onErr(text);
                fail(ProtocolError.CLIENT_ERROR, "Client Error " + text);
            }
            default -> throw new IllegalStateException("not an op with arguments: " + op);
        }
    }

    private void startPayload(String argumentError) {
        if (argumentError != null) {
            fail(ProtocolError.INVALID_PUB_ARGUMENTS, argumentError);
        } else if (maxPayload >= 0 && msg.totalLength > maxPayload) {
            fail(ProtocolError.MAX_PAYLOAD,
                "maximum payload exceeded: " + msg.totalLength + " vs " + maxPayload);
        } else {
            collecting = false;
            state = PAYLOAD;
        }
    }

    private void subscribe(byte[] bytes, int length) {
        int n = tokens.splitArgs(bytes, length);
        if (n != 2 && n != 3) {
            fail(ProtocolError.INVALID_SUB_ARGUMENTS, "processSub Parse Error: " + GoQuote.quote(bytes, 0, length));
            return;
        }
        String subject = token(bytes, 0);
        String queue = n == 3 ? token(bytes, 1) : null;
        String sid = token(bytes, n - 1);
        state = START;
        handler.onSub(subject, queue, sid);
    }

    private void unsubscribe(byte[] bytes, int length) {
        int n = tokens.splitArgs(bytes, length);
        if (n != 1 && n != 2) {
            fail(ProtocolError.INVALID_UNSUB_ARGUMENTS, "processUnsub Parse Error: " + GoQuote.quote(bytes, 0, length));
            return;
        }
        String sid = token(bytes, 0);
        // Go: a max that is not a size (bad, negative, 10+ digits) is -1, i.e. unsubscribe now.
        long max = n == 2 ? Ascii.parseSize(bytes, tokens.start(1), tokens.length(1)) : -1;
        state = START;
        handler.onUnsub(sid, max);
    }

    private String token(byte[] bytes, int i) {
        return Ascii.bytesAsChars(bytes, tokens.start(i), tokens.length(i));
    }

    /** CONNECT/INFO text without surrounding JSON whitespace, which Go's json.Unmarshal ignores too. */
    private static String json(byte[] bytes, int length) {
        int from = 0;
        int to = length;
        while (from < to && Ascii.isSplitArgSeparator(bytes[from])) {
            from++;
        }
        while (to > from && Ascii.isSplitArgSeparator(bytes[to - 1])) {
            to--;
        }
        return Ascii.string(bytes, from, to - from);
    }

    /**
     * In PAYLOAD state at {@code i}: delivers in place when payload and CRLF are all in this read,
     * otherwise copies what is there. Returns the index after what was consumed.
     */
    private int payload(ByteBuf in, int i, int end) {
        int size = msg.totalLength;
        int available = end - i;
        if (!collecting) {
            if (available >= size + 2) {
                return deliverInPlace(in, i, size);
            }
            collecting = true;
            if (size == 0) {
                state = PAYLOAD_CR;
                return i;
            }
            splitPayload.begin(size);
        }
        int n = Math.min(size - splitPayload.size(), available);
        splitPayload.append(in, i, n);
        if (splitPayload.size() == size) {
            state = PAYLOAD_CR;
        }
        return i + n;
    }

    private int deliverInPlace(ByteBuf in, int i, int size) {
        int crAt = i + size;
        if (in.getByte(crAt) != '\r') {
            index = crAt;
            state = PAYLOAD_CR;
            unknownOperation();
        } else if (in.getByte(crAt + 1) != '\n') {
            index = crAt + 1;
            state = PAYLOAD_LF;
            unknownOperation();
        } else {
            state = START;
            deliver(in, i);
        }
        return crAt + 2;
    }

    private void deliverCollected() {
        state = START;
        collecting = false;
        if (msg.totalLength == 0) {
            deliver(Unpooled.EMPTY_BUFFER, 0);
        } else {
            deliver(splitPayload.content(), 0);
            splitPayload.end();
        }
    }

    private static String traceName(Op op) {
        return op == Op.ERR ? "-ERR" : op == Op.OK ? "+OK" : op.name();
    }

    private void deliver(ByteBuf payload, int payloadIndex) {
        msg.payload = payload;
        msg.payloadIndex = payloadIndex;
        if (tracing) {
            handler.onTracePayload(payload, payloadIndex, msg.totalLength);
        }
        try {
            handler.onPub(msg);
        } finally {
            msg.payload = null;
        }
    }

    private void unknownOperation() {
        fail(ProtocolError.UNKNOWN_OPERATION,
            "client parser ERROR, state=" + STATE_NAMES[state] + ", i=" + index + ": proto=" + snippet());
    }

    private void controlLineTooLong() {
        fail(ProtocolError.MAX_CONTROL_LINE,
            "max_control_line " + maxControlLine + " exceeded by " + (op == null ? "?" : op.name()) + " line");
    }

    private void fail(ProtocolError error, String detail) {
        state = STOPPED;
        handler.onProtocolError(error, detail);
    }

    /** Up to {@link #SNIPPET_SIZE} bytes from the current index, for logs. */
    private String snippet() {
        if (current == null || index < current.readerIndex() || index >= current.writerIndex()) {
            return "\"\"";
        }
        int length = Math.min(SNIPPET_SIZE, current.writerIndex() - index);
        byte[] bytes = new byte[length];
        current.getBytes(index, bytes);
        return GoQuote.quote(bytes, 0, length) + "...";
    }
}
