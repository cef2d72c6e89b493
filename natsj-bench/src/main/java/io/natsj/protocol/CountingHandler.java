package io.natsj.protocol;

import org.openjdk.jmh.infra.Blackhole;

/**
 * Touches what the server reads of each operation (subject, size, last payload byte) into a
 * checksum, and hands the Strings of SUB/UNSUB to the Blackhole so that they are really made.
 */
final class CountingHandler implements ProtocolHandler {
    private final Blackhole blackhole;
    long ops;
    long checksum;

    CountingHandler(Blackhole blackhole) {
        this.blackhole = blackhole;
    }

    @Override
    public void onPub(PubMessage m) {
        ops++;
        checksum += m.subjectLength + m.totalLength + m.line[m.subjectOffset]
            + m.payload.getByte(m.payloadIndex + m.totalLength - 1);
    }

    @Override
    public void onSub(String subject, String queue, String sid) {
        ops++;
        blackhole.consume(subject);
        blackhole.consume(queue);
        blackhole.consume(sid);
    }

    @Override
    public void onUnsub(String sid, long max) {
        ops++;
        blackhole.consume(sid);
        blackhole.consume(max);
    }

    @Override
    public void onPing() {
        ops++;
    }

    @Override
    public void onPong() {
        ops++;
    }

    @Override
    public void onConnect(String json) {
        throw new IllegalStateException("no CONNECT in the benchmark streams");
    }

    @Override
    public void onProtocolError(ProtocolError error, String detail) {
        throw new IllegalStateException(error + ": " + detail);
    }
}
