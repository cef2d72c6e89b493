package io.natsj.server;

import io.natsj.monitor.SystemJson;
import io.natsj.protocol.PubMessage;
import io.natsj.routing.MatchResult;
import io.natsj.routing.SubjectMapping;
import io.natsj.routing.Subscriber;
import io.natsj.routing.Subscription;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own client in the system account (nats-server's internal system client): it holds
 * subscriptions whose messages go to handlers, and it publishes advisories and answers.
 *
 * <p>Threading: everything it sends and every handler runs on one thread, "natsj-system", so event
 * loops only hand over snapshots and messages go out in the order they were sent, each stamped with
 * the next sequence number, as nats-server's send loop does. Its subscriptions sit in the system
 * account's index like a client's; a publisher's loop that reaches one copies the message and queues
 * the handler ({@link Handler#accept}). What it publishes is routed from its own thread through
 * receivers' outbound buffers, as any publisher's would be; it never hears itself.
 */
final class SystemClient {
    private static final Logger LOG = LoggerFactory.getLogger(SystemClient.class);
    /** Account crossings one message may take, as for clients. */
    private static final int MAX_IMPORT_DEPTH = 8;

    /** What a handler gets: the subject, the reply (null for none) and the body without headers. */
    interface Receiver {
        void receive(String subject, String reply, byte[] body);

        /** With the publisher's round-trip time (0 when unknown), for handlers that report it. */
        default void receive(String subject, String reply, byte[] body, long rttNanos) {
            receive(subject, reply, body);
        }
    }

    /** The owner of an internal subscription. */
    record Handler(SystemClient client, Receiver receiver) implements Subscriber {
        /** A message reached this subscription on a publisher's loop: copy it and queue the handler. */
        void accept(String subject, String reply, PubMessage m, long rttNanos) {
            int headerLength = Math.max(0, m.headerLength);
            byte[] body = new byte[m.totalLength - headerLength];
            m.payload.getBytes(m.payloadIndex + headerLength, body);
            client.execute(() -> receiver.receive(subject, reply, body, rttNanos));
        }
    }

    private final Server server;
    final ServerAccount account;
    private final ScheduledThreadPoolExecutor thread;
    private int nextSid;
    /** Messages sent so far; on the system thread only. */
    private long seq;

    SystemClient(Server server, ServerAccount account) {
        this.server = server;
        this.account = account;
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "natsj-system");
            t.setDaemon(true);
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
    }

    /** Subscribes a handler in the system account. Start-up only. */
    void subscribe(String subject, Receiver receiver) {
        subscribe(account, subject, receiver);
    }

    /**
     * Subscribes a handler in any account (JetStream's API listens in every account); it answers
     * there with {@link #publish(ServerAccount, String, String, String)}. Start-up only.
     */
    void subscribe(ServerAccount acc, String subject, Receiver receiver) {
        acc.index.insert(new Subscription(new Handler(this, receiver), subject, null, "_sys_" + ++nextSid));
    }

    /** Runs a task on the system thread; dropped once the client has stopped. Any thread. */
    void execute(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Error in system account handler: {}", e.toString(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            // Shutting down: nothing more is sent.
        }
    }

    /** Runs a task on the system thread after a delay; null once stopped. */
    Future<?> schedule(Runnable task, long delay, TimeUnit unit) {
        try {
            return thread.schedule(() -> execute(task), delay, unit);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** The "server" block of the next message sent. System thread. */
    SystemJson.Sender nextSender() {
        var o = server.options;
        var js = server.jetStream;
        return new SystemJson.Sender(server.serverName, o.host(), server.serverId, null,
                js == null ? null : js.config().domain(), io.natsj.protocol.ServerInfo.COMPATIBLE_VERSION,
                o.serverTags(), ++seq, js != null, Instant.now());
    }

    /**
     * True when something other than the system client's own handlers subscribes to {@code subject}
     * in the system account: advisories whose figures cost something to gather are skipped otherwise.
     * Any thread.
     */
    boolean hasListeners(String subject) {
        return hasListeners(account, subject);
    }

    /** As {@link #hasListeners(String)} in any account. Any thread. */
    boolean hasListeners(ServerAccount acc, String subject) {
        byte[] b = subject.getBytes(StandardCharsets.ISO_8859_1);
        MatchResult r = acc.matchCache().match(b, 0, b.length);
        for (Subscription s : r.plain) {
            if (!(s.subscriber instanceof Handler)) {
                return true;
            }
        }
        return r.queues.length > 0;
    }

    String serverName() {
        return server.serverName;
    }

    /** Publishes {@code body} on {@code subject} in the system account. System thread. */
    void publish(String subject, String reply, String body) {
        publish(account, subject, reply, body);
    }

    /** Publishes {@code body} in {@code acc}; true if anyone took it. System thread. */
    boolean publish(ServerAccount acc, String subject, String reply, String body) {
        return route(acc, message(subject, reply, body.getBytes(StandardCharsets.UTF_8)), 0);
    }

    /**
     * Stops the thread, letting what it was given finish for at most {@code millis}, then runs
     * {@code last} (the shutdown advisory) on the caller's thread, so that it goes out even when the
     * system thread is slow to drain. Any thread.
     */
    void stop(Runnable last, long millis) {
        thread.shutdown();
        try {
            thread.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
        try {
            last.run();
        } catch (RuntimeException e) {
            LOG.error("Error sending the shutdown advisory: {}", e.toString(), e);
        }
    }

    /**
     * Publishes a message with a header block ({@code NATS/1.0...\r\n\r\n}) and payload in {@code acc};
     * true if anyone took it. System thread.
     */
    boolean publish(ServerAccount acc, String subject, byte[] headers, byte[] payload) {
        return route(acc, message(subject, null, headers, payload), 0);
    }

    private static PubMessage message(String subject, String reply, byte[] body) {
        return message(subject, reply, null, body);
    }

    /** A message as a client's PUB (headers null) or HPUB would be parsed. Any thread. */
    static PubMessage message(String subject, String reply, byte[] headers, byte[] body) {
        int hlen = headers == null ? -1 : headers.length;
        int total = body.length + Math.max(0, hlen);
        String size = Integer.toString(total);
        String hsize = hlen < 0 ? "" : Integer.toString(hlen) + " ";
        String line = (reply == null ? subject + " " : subject + " " + reply + " ") + hsize + size;
        PubMessage m = new PubMessage();
        m.line = line.getBytes(StandardCharsets.ISO_8859_1);
        m.subjectOffset = 0;
        m.subjectLength = subject.length();
        if (reply != null) {
            m.replyOffset = subject.length() + 1;
            m.replyLength = reply.length();
        }
        m.sizeOffset = line.length() - size.length();
        m.sizeLength = size.length();
        m.headerLength = hlen;
        if (hlen >= 0) {
            m.headerSizeOffset = m.sizeOffset - hsize.length();
            m.headerSizeLength = hsize.length() - 1;
        }
        m.totalLength = total;
        m.payload = hlen < 0 ? Unpooled.wrappedBuffer(body) : Unpooled.wrappedBuffer(headers, body);
        m.payloadIndex = 0;
        return m;
    }

    /** As a client's publish: every plain subscription, one member per queue group. System thread. */
    private boolean route(ServerAccount acc, PubMessage m, int depth) {
        MatchResult r = acc.matchCache().match(m.line, m.subjectOffset, m.subjectLength);
        boolean delivered = false;
        for (Subscription s : r.plain) {
            delivered |= deliver(s, m, depth);
        }
        for (Subscription[] group : r.queues) {
            int n = group.length;
            int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
            for (int i = 0; i < n; i++) {
                if (deliver(group[(start + i) % n], m, depth)) {
                    delivered = true;
                    break;
                }
            }
        }
        return delivered;
    }

    private boolean deliver(Subscription s, PubMessage m, int depth) {
        if (s.subscriber instanceof ClientConnection receiver) {
            return ClientConnection.deliverFromAnyThread(receiver, s, m);
        }
        if (depth >= MAX_IMPORT_DEPTH) {
            return false;
        }
        // Across accounts as ClientConnection.crossAccounts; the system client sends no requests
        // through service imports, so only streams and responses apply.
        String subject = new String(m.line, m.subjectOffset, m.subjectLength, StandardCharsets.ISO_8859_1);
        if (s.subscriber instanceof ImportRoutes.Shadow sh) {
            ImportRoutes.StreamImport im = sh.route();
            String reply = m.hasReply() ? new String(m.line, m.replyOffset, m.replyLength, StandardCharsets.ISO_8859_1) : null;
            return ClientConnection.deliverFromAnyThread(sh.client(), sh.original(),
                    DerivedMessage.of(m, SubjectMapping.map(im.from(), im.to(), subject), reply));
        }
        if (s.subscriber instanceof ImportRoutes.Responses rs) {
            ImportRoutes.ResponseRoute back = rs.account().takeResponse(subject);
            return back != null && route(back.requester(), DerivedMessage.of(m, back.reply(), null), depth + 1);
        }
        if (s.subscriber instanceof StreamIngest in) {
            String reply = m.hasReply() ? new String(m.line, m.replyOffset, m.replyLength, StandardCharsets.ISO_8859_1) : null;
            in.accept(subject, reply, m, this::execute);
            return true;
        }
        if (s.subscriber instanceof ConsumerInbox ci) {
            String reply = m.hasReply() ? new String(m.line, m.replyOffset, m.replyLength, StandardCharsets.ISO_8859_1) : null;
            ci.accept(subject, reply, m);
            return true;
        }
        return false; // its own subscriptions: the system client does not hear itself
    }
}
