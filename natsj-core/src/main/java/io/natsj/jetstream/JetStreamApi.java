package io.natsj.jetstream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The $JS.API dispatch (nats-server's apiDispatch and its private sublist of handlers): a request's
 * subject picks at most one {@link ApiHandler}; the answer goes to the request's reply and is
 * counted in the requester's JetStream account.
 *
 * <p>Threading: handlers are registered at start-up (a copy-on-write list); {@link #dispatch} runs
 * on the one thread the server hands API requests to, so handlers see requests one at a time.
 */
public final class JetStreamApi {
    /** Sends an answer to a reply subject in the requester's account. */
    public interface Responder {
        void send(String reply, String json);

        /** A message with a header block ({@code NATS/1.0...}), for direct gets. */
        void send(String reply, byte[] headers, byte[] payload);

        /** Publishes an advisory in the requester's account; cheap when nobody listens. */
        void advise(String subject, String json);

        /** Whether anyone in the requester's account listens on {@code subject}. */
        boolean heard(String subject);

        /** A fresh advisory id (a NUID). */
        String nextId();

        /** The server's name, as advisories give it. */
        String serverName();
    }

    private record Route(String[] pattern, ApiHandler handler) {
    }

    private final JetStream jetStream;
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    JetStreamApi(JetStream jetStream) {
        this.jetStream = jetStream;
    }

    /**
     * Handles requests on {@code subject}, which may hold {@code *} (one token) and a final {@code >}
     * as nats-server's API subjects do (e.g. {@link ApiSubjects#STREAM_CREATE}). Start-up only.
     */
    public void register(String subject, ApiHandler handler) {
        routes.add(new Route(subject.split("\\.", -1), handler));
    }

    /**
     * One request from {@code account}. A subject no handler takes gets no answer and is not counted,
     * as in nats-server; neither are requests of accounts without JetStream.
     */
    /**
     * @param rttNanos the requester's round-trip time, which the audit advisory carries (0: unknown)
     */
    public void dispatch(String account, String subject, String reply, byte[] body, long rttNanos, Responder out) {
        if (subject.startsWith(DirectGet.PREFIX)) {
            DirectGet.Reply r = DirectGet.handle(jetStream.account(account), subject, reply, body);
            if (r != null) {
                out.send(reply, r.headers(), r.payload());
            }
            return;
        }
        ApiHandler h = handler(subject);
        if (h == null) {
            return;
        }
        JsAccount acc = jetStream.account(account);
        ApiAnswer answer = h.handle(new ApiRequest(acc, account, subject, reply, body));
        if (answer == null) {
            return;
        }
        if (answer.quiet()) {
            if (reply != null) {
                out.send(reply, answer.json());
            }
            return;
        }
        if (acc != null) {
            acc.countRequest(answer.error());
            jetStream.countRequest(answer.error());
        }
        if (reply != null) {
            out.send(reply, answer.json());
        }
        String domain = jetStream.config().domain();
        for (ApiAnswer.StreamAction a : answer.actions()) {
            String to = Advisories.streamSubject(a);
            if (out.heard(to)) {
                out.advise(to, Advisories.streamAction(out.nextId(), java.time.Instant.now(), a, domain));
            }
        }
        if (out.heard(Advisories.API_AUDIT)) {
            out.advise(Advisories.API_AUDIT, Advisories.apiAudit(out.nextId(), java.time.Instant.now(), out.serverName(),
                    account, rttNanos, subject, new String(body, java.nio.charset.StandardCharsets.UTF_8), answer.json(),
                    domain));
        }
    }

    private ApiHandler handler(String subject) {
        String[] tokens = subject.split("\\.", -1);
        ApiHandler found = null;
        for (Route r : routes) {
            if (matches(r.pattern(), tokens)) {
                if (found != null) {
                    return null; // nats-server drops a request that more than one handler matches
                }
                found = r.handler();
            }
        }
        return found;
    }

    private static boolean matches(String[] pattern, String[] tokens) {
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].equals(">")) {
                return tokens.length > i;
            }
            if (i >= tokens.length || !(pattern[i].equals("*") || pattern[i].equals(tokens[i]))) {
                return false;
            }
        }
        return pattern.length == tokens.length;
    }
}
