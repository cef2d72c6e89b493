package io.natsj.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The operations a client may send, with their names (lower case; matched case-insensitively) and what
 * follows the name on the line. Route and leafnode ops (RS+, LS+, A+, RMSG, MSG...) are absent on
 * purpose: from a client they are parse errors, as in Go. HMSG is present because Go's parser accepts
 * its name from clients too (see {@link PubArgs#readClientHmsg}).
 */
enum Op {
    PUB("pub", Shape.ARGUMENTS),
    HPUB("hpub", Shape.ARGUMENTS),
    HMSG("hmsg", Shape.ARGUMENTS),
    SUB("sub", Shape.ARGUMENTS),
    UNSUB("unsub", Shape.ARGUMENTS),
    ERR("-err", Shape.ARGUMENTS),
    CONNECT("connect", Shape.JSON),
    INFO("info", Shape.JSON),
    PING("ping", Shape.BARE),
    PONG("pong", Shape.BARE),
    OK("+ok", Shape.BARE);

    enum Shape {
        /** At least one space or tab must follow the name, then the arguments up to the line end. */
        ARGUMENTS,
        /** Blanks after the name are optional: any other byte starts the argument (Go's CONNECT, INFO). */
        JSON,
        /** Everything after the name up to the LF is ignored, without any length limit. */
        BARE
    }

    final byte[] name;
    final Shape shape;

    Op(String name, Shape shape) {
        this.name = name.getBytes(StandardCharsets.US_ASCII);
        this.shape = shape;
    }
}
