package io.natsj.server;

import io.natsj.protocol.MessageEncoder;
import io.natsj.protocol.PubMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.util.concurrent.TimeUnit;

/**
 * A connection's outbound bytes that are not yet handed to its channel. Any event loop may append
 * (a publisher delivering to this connection); only the owner's event loop takes the bytes out and
 * writes them, once per batch, so a burst of messages costs one write and one flush.
 *
 * <p>Pending bytes (appended here plus those queued in the channel but not yet on the socket) are
 * bounded by max_pending: the append that crosses it marks the connection a slow consumer, drops
 * that message for this connection only, and makes every later append a no-op.
 */
final class Outbound {
    /** What {@link #append} did. */
    enum Result {
        /** Appended; the caller must arrange a flush of this connection (first append since the last flush). */
        APPENDED_FLUSH_NEEDED,
        /** Appended; a flush is already arranged. */
        APPENDED,
        /** The connection is closing or closed; nothing appended. */
        CLOSED,
        /** This append crossed max_pending: the connection is now a slow consumer. */
        SLOW_CONSUMER
    }

    private static final int INITIAL_CAPACITY = 4096;

    private final Channel channel;
    private final long maxPending;

    // The lock on `this` guards buf, flushArranged and closed. Held only to copy bytes in or swap the
    // buffer out; never while calling into Netty's pipeline.
    private ByteBuf buf;
    private boolean flushArranged;
    private boolean closed;
    /**
     * More than half of max_pending is waiting: publishers that feed this connection pause their
     * reads for a while (nats-server's "stall"). Written under the lock, read by any thread.
     */
    private volatile boolean congested;
    /**
     * Messages and payload bytes appended (nats-server's out_msgs and out_bytes of this connection).
     * Written under the lock; read by monitoring on any thread without it (a monitoring figure).
     */
    private long msgs;
    private long bytes;

    Outbound(Channel channel, long maxPending) {
        this.channel = channel;
        this.maxPending = maxPending;
    }

    /** Messages delivered to this connection so far; any thread, a monitoring figure. */
    long messagesOut() {
        return msgs;
    }

    /** Their payload bytes; any thread, a monitoring figure. */
    long bytesOut() {
        return bytes;
    }

    /** Appends the MSG/HMSG delivering {@code m} to subscription {@code sid}. Any thread. */
    Result appendMessage(PubMessage m, byte[] sid, boolean receiverHeaders) {
        synchronized (this) {
            if (closed) {
                return Result.CLOSED;
            }
            ByteBuf b = buffer(MessageEncoder.maxEncodedSize(m, sid.length));
            int before = b.writerIndex();
            MessageEncoder.writeMessage(b, m, sid, receiverHeaders);
            Result r = afterAppend(b, before);
            if (r != Result.SLOW_CONSUMER) {
                // nats-server counts a delivered message's size as its payload, headers included.
                msgs++;
                bytes += m.totalLength;
            }
            return r;
        }
    }

    /** Appends the no-responders status message. Any thread. */
    Result appendNoResponders(byte[] reply, int replyOffset, int replyLength, byte[] sid) {
        synchronized (this) {
            if (closed) {
                return Result.CLOSED;
            }
            ByteBuf b = buffer(replyLength + sid.length + 40);
            int before = b.writerIndex();
            MessageEncoder.writeNoResponders(b, reply, replyOffset, replyLength, sid);
            return afterAppend(b, before);
        }
    }

    /** Appends raw protocol bytes (PONG, +OK, PING). Any thread. */
    Result appendBytes(byte[] bytes) {
        synchronized (this) {
            if (closed) {
                return Result.CLOSED;
            }
            ByteBuf b = buffer(bytes.length);
            int before = b.writerIndex();
            b.writeBytes(bytes);
            return afterAppend(b, before);
        }
    }

    /** Appends an -ERR line. Any thread. */
    Result appendErr(String text) {
        synchronized (this) {
            if (closed) {
                return Result.CLOSED;
            }
            ByteBuf b = buffer(text.length() + 16);
            int before = b.writerIndex();
            MessageEncoder.writeErr(b, text);
            return afterAppend(b, before);
        }
    }

    /**
     * Takes everything appended so far, or null when there is nothing. Runs on the owner's event loop,
     * which writes what it takes.
     */
    ByteBuf take() {
        synchronized (this) {
            flushArranged = false;
            ByteBuf b = buf;
            buf = null;
            if (b != null && !b.isReadable()) {
                b.release();
                return null;
            }
            return b;
        }
    }

    /** Stops all further appends and frees what was not taken. Idempotent; any thread. */
    void close() {
        synchronized (this) {
            closed = true;
            congested = false;
            if (buf != null) {
                buf.release();
                buf = null;
            }
        }
    }

    /** Bytes appended but not taken; for monitoring and tests. */
    synchronized int buffered() {
        return buf == null ? 0 : buf.readableBytes();
    }

    // Caller holds the lock.
    private ByteBuf buffer(int needed) {
        ByteBuf b = buf;
        if (b == null) {
            b = buf = channel.alloc().directBuffer(Math.max(INITIAL_CAPACITY, needed));
        } else {
            b.ensureWritable(needed);
        }
        return b;
    }

    /** Bytes waiting for this connection's socket (nats-server's pending_bytes). Any thread; monitoring. */
    synchronized long pendingBytes() {
        return (buf == null ? 0 : buf.readableBytes()) + queuedInChannel();
    }

    /** Whether more than half of max_pending is waiting (see {@link #congested}). Any thread, lock-free. */
    boolean congested() {
        return congested;
    }

    /** Re-evaluates {@link #congested} after bytes left; returns the new value. Any thread. */
    synchronized boolean refreshCongestion() {
        long pending = (buf == null ? 0 : buf.readableBytes()) + queuedInChannel();
        congested = !closed && pending > maxPending / 2;
        return congested;
    }

    /**
     * How long a publisher pauses for this connection: nats-server's stall duration, 100 ms at half of
     * max_pending growing to 1 s at max_pending.
     */
    synchronized long stallNanos() {
        long pending = (buf == null ? 0 : buf.readableBytes()) + queuedInChannel();
        long min = TimeUnit.MILLISECONDS.toNanos(100);
        if (pending >= maxPending) {
            return TimeUnit.SECONDS.toNanos(1);
        }
        long half = maxPending / 2;
        if (pending > half) {
            long step = Math.max(1, half / 10);
            return Math.min(TimeUnit.SECONDS.toNanos(1), min + min * ((pending - half) / step));
        }
        return min;
    }

    // Caller holds the lock.
    private Result afterAppend(ByteBuf b, int before) {
        long pending = b.readableBytes() + queuedInChannel();
        if (pending > maxPending / 2) {
            congested = true;
        }
        if (pending > maxPending) {
            // nats-server drops the message that crossed the limit and cuts the connection.
            b.writerIndex(before);
            closed = true;
            congested = false;
            b.release();
            buf = null;
            return Result.SLOW_CONSUMER;
        }
        if (flushArranged) {
            return Result.APPENDED;
        }
        flushArranged = true;
        return Result.APPENDED_FLUSH_NEEDED;
    }

    private long queuedInChannel() {
        ChannelOutboundBuffer cob = channel.unsafe().outboundBuffer();
        return cob == null ? 0 : cob.totalPendingWriteBytes();
    }
}
