package io.natsj.server;

import io.natsj.jetstream.ConsumerIo;
import io.natsj.protocol.PubMessage;
import io.natsj.routing.MatchResult;
import io.natsj.routing.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Consumers' way into one account (nats-server gives each consumer an internal client there):
 * deliveries routed by the deliver subject or a pull request's reply but showing the stream
 * message's own subject, interest checks, internal subscriptions and advisories.
 *
 * <p>Threading: deliveries and checks run on consumer threads and go into receivers' outbound
 * buffers as any publisher's would; advisories go through the system client's thread.
 */
final class ConsumerOutput implements ConsumerIo {
    private final ServerAccount account;
    private final SystemClient system;

    /** Each consumer thread's reusable delivery. */
    private static final ThreadLocal<DeliveryScratch> SCRATCH = ThreadLocal.withInitial(DeliveryScratch::new);

    /** Advisory ids; used on the system thread only (advisories are built there). */
    private final Nuid ids = new Nuid();

    ConsumerOutput(ServerAccount account, SystemClient system) {
        this.account = account;
        this.system = system;
    }

    @Override
    public boolean deliver(String deliverTo, String subject, String reply, byte[] headers, byte[] payload) {
        DeliveryScratch scratch = SCRATCH.get();
        byte[] to = scratch.subjectBytes(deliverTo);
        MatchResult r = account.matchCache().match(to, 0, to.length);
        if (r.plain.length == 0 && r.queues.length == 0) {
            return false;
        }
        return route(r, scratch.fill(subject, reply, headers, payload));
    }

    /** Every plain subscription, one member of each queue group, as a publish. */
    private static boolean route(MatchResult r, PubMessage m) {
        boolean delivered = false;
        for (Subscription s : r.plain) {
            delivered |= deliver(s, m);
        }
        for (Subscription[] group : r.queues) {
            int n = group.length;
            int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
            for (int i = 0; i < n; i++) {
                if (deliver(group[(start + i) % n], m)) {
                    delivered = true;
                    break;
                }
            }
        }
        return delivered;
    }

    @Override
    public boolean deliverWithAck(String deliverTo, String subject, String ackPrefix, long dc, long sseq, long dseq,
            long ts, long pending, byte[] headers, byte[] payload) {
        DeliveryScratch scratch = SCRATCH.get();
        byte[] to = scratch.subjectBytes(deliverTo);
        MatchResult r = account.matchCache().match(to, 0, to.length);
        if (r.plain.length == 0 && r.queues.length == 0) {
            return false;
        }
        return route(r, scratch.fill(subject, ackPrefix, dc, sseq, dseq, ts, pending, headers, payload));
    }

    private static boolean deliver(Subscription s, PubMessage m) {
        if (s.subscriber instanceof ClientConnection receiver) {
            return ClientConnection.deliverFromAnyThread(receiver, s, m);
        }
        if (s.subscriber instanceof ImportRoutes.Shadow sh) {
            return ClientConnection.deliverFromAnyThread(sh.client(), sh.original(), m);
        }
        return false;
    }

    @Override
    public boolean hasInterest(String subject) {
        byte[] b = subject.getBytes(StandardCharsets.ISO_8859_1);
        MatchResult r = account.matchCache().match(b, 0, b.length);
        for (Subscription s : r.plain) {
            if (s.subscriber instanceof ClientConnection || s.subscriber instanceof ImportRoutes.Shadow) {
                return true;
            }
        }
        return r.queues.length > 0;
    }

    @Override
    public Runnable subscribe(String subject, Inbox inbox) {
        Subscription s = new Subscription(new ConsumerInbox(inbox), subject, null, "_js_c");
        account.index.insert(s);
        return () -> account.index.remove(s);
    }

    @Override
    public void advise(String subject, Supplier<String> json) {
        if (system.hasListeners(account, subject)) {
            system.execute(() -> system.publish(account, subject, null, json.get()));
        }
    }

    @Override
    public String nextId() {
        return ids.next();
    }
}
