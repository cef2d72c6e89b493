package io.natsj.server;

import io.natsj.NatsServerOptions;
import io.natsj.auth.Account;
import io.natsj.auth.AuthOptions;
import io.natsj.auth.JetStreamLimits;
import io.natsj.jetstream.ApiSubjects;
import io.natsj.jetstream.JetStream;
import io.natsj.jetstream.JetStreamApi;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts JetStream for the server and connects its API to the accounts.
 *
 * <p>nats-server subscribes {@code $JS.API.>} once in the system account and has every account
 * import it; natsj gives every account (the system account included) one internal subscription on
 * {@code $JS.API.>} owned by the {@link SystemClient}, which comes to the same subscription counts
 * and lets the answer go straight to the reply in the requester's account.
 *
 * <p>Threading: a request reaching that subscription is copied on the publisher's loop and handled
 * on the "natsj-system" thread ({@link SystemClient.Handler}), one at a time in arrival order; the
 * answer is routed from there like any system-account message.
 */
final class JetStreamRequests {
    private JetStreamRequests() {
    }

    /**
     * @return the started JetStream
     * @throws IllegalStateException with nats-server's texts when JetStream cannot start
     */
    static JetStream start(NatsServerOptions o, Accounts accounts, SystemEvents events) {
        if (events == null) {
            throw new IllegalStateException("Can't start JetStream: natsj needs the system account for JetStream"
                    + " (no_system_account is set)");
        }
        Map<String, JetStreamLimits> enabled = enabledAccounts(o.auth());
        JetStream js;
        try {
            SystemClient sys = events.client;
            js = JetStream.start(o.jetStream(), enabled, new JetStream.StreamBinder() {
                @Override
                public Runnable bind(String account, java.util.List<String> subjects, JetStream.Ingest ingest) {
                    return JetStreamRequests.bind(accounts, sys, account, subjects, ingest);
                }

                @Override
                public void republish(String account, String subject, byte[] headers, byte[] payload) {
                    ServerAccount acc = accounts.get(account);
                    sys.execute(() -> sys.publish(acc, subject, headers, payload)); // one thread: in order
                }

                @Override
                public io.natsj.jetstream.ConsumerIo consumerIo(String account) {
                    return new ConsumerOutput(accounts.get(account), sys);
                }
            });
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Can't start JetStream: " + e.getMessage(), e);
        }
        SystemClient client = events.client;
        Nuid ids = new Nuid(); // used on the system thread only
        for (ServerAccount acc : accounts.all().values()) {
            JetStreamApi.Responder out = new JetStreamApi.Responder() {
                @Override
                public void send(String reply, String json) {
                    client.publish(acc, reply, null, json);
                }

                @Override
                public void send(String reply, byte[] headers, byte[] payload) {
                    client.publish(acc, reply, headers, payload);
                }

                @Override
                public void advise(String subject, String json) {
                    client.publish(acc, subject, null, json);
                }

                @Override
                public boolean heard(String subject) {
                    return client.hasListeners(acc, subject);
                }

                @Override
                public String nextId() {
                    return ids.next();
                }

                @Override
                public String serverName() {
                    return client.serverName();
                }
            };
            client.subscribe(acc, ApiSubjects.ALL, new SystemClient.Receiver() {
                @Override
                public void receive(String subject, String reply, byte[] body) {
                    receive(subject, reply, body, 0);
                }

                @Override
                public void receive(String subject, String reply, byte[] body, long rttNanos) {
                    js.api().dispatch(acc.name, subject, reply, body, rttNanos, out);
                }
            });
        }
        return js;
    }

    /** Subscribes a stream's subjects in its account; returns what unsubscribes them. */
    private static Runnable bind(Accounts accounts, SystemClient client, String account, java.util.List<String> subjects,
            JetStream.Ingest ingest) {
        ServerAccount acc = accounts.get(account);
        StreamIngest owner = new StreamIngest(acc, ingest, client);
        java.util.List<io.natsj.routing.Subscription> subs = new java.util.ArrayList<>();
        for (String subject : subjects) {
            io.natsj.routing.Subscription s = new io.natsj.routing.Subscription(owner, subject, null, "_js_");
            acc.index.insert(s);
            subs.add(s);
        }
        return () -> subs.forEach(acc.index::remove);
    }

    /**
     * As nats-server's enableJetStreamAccounts: with no account configured but the system account,
     * the global account gets JetStream without limits; otherwise the accounts whose block enables it.
     *
     * @throws IllegalStateException when the system account asks for JetStream, as nats-server refuses
     */
    static Map<String, JetStreamLimits> enabledAccounts(AuthOptions auth) {
        String system = auth.noSystemAccount() ? null : Accounts.systemAccountName(auth);
        Map<String, JetStreamLimits> enabled = new LinkedHashMap<>();
        boolean others = false;
        for (Account a : auth.accounts().values()) {
            if (a.name().equals(system)) {
                if (a.jetStream() != null) {
                    throw new IllegalStateException("Not allowed to enable JetStream on the system account");
                }
                continue;
            }
            others = true;
            if (a.jetStream() != null) {
                enabled.put(a.name(), a.jetStream());
            }
        }
        if (!others) {
            enabled.put(Account.GLOBAL, JetStreamLimits.DYNAMIC);
        }
        return enabled;
    }
}
