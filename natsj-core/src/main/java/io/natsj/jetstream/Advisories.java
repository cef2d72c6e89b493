package io.natsj.jetstream;

import io.natsj.protocol.GoJsonWriter;
import java.time.Instant;

/**
 * The JSON of JetStream's advisories as nats-server 2.9 marshals them: a stream's actions
 * (JSStreamActionAdvisory on {@code $JS.EVENT.ADVISORY.STREAM.CREATED|DELETED|UPDATED.<stream>}) and
 * the audit of every answered API request (JSAPIAudit on {@code $JS.EVENT.ADVISORY.API}).
 */
final class Advisories {
    static final String API_AUDIT = "$JS.EVENT.ADVISORY.API";
    static final String STREAM_ACTION_TYPE = "io.nats.jetstream.advisory.v1.stream_action";
    static final String API_AUDIT_TYPE = "io.nats.jetstream.advisory.v1.api_audit";
    static final String CONSUMER_ACTION_TYPE = "io.nats.jetstream.advisory.v1.consumer_action";
    static final String CREATE = "create";
    static final String DELETE = "delete";
    static final String MODIFY = "modify";

    private Advisories() {
    }

    /** The subject a stream action is announced on. */
    static String streamSubject(ApiAnswer.StreamAction a) {
        String verb = switch (a.action()) {
            case CREATE -> "CREATED";
            case DELETE -> "DELETED";
            default -> "UPDATED";
        };
        if (a.consumer() != null) {
            return "$JS.EVENT.ADVISORY.CONSUMER." + verb + "." + a.stream() + "." + a.consumer();
        }
        return "$JS.EVENT.ADVISORY.STREAM." + verb + "." + a.stream();
    }

    static String streamAction(String id, Instant now, ApiAnswer.StreamAction a, String domain) {
        if (a.consumer() != null) {
            GoJsonWriter j = new GoJsonWriter(false).begin().field("type", CONSUMER_ACTION_TYPE).field("id", id)
                    .field("timestamp", StreamConfigJson.rfc3339(now)).field("stream", a.stream())
                    .field("consumer", a.consumer()).field("action", a.action());
            return j.optional("domain", domain == null ? "" : domain).end().toString();
        }
        GoJsonWriter j = new GoJsonWriter(false).begin().field("type", STREAM_ACTION_TYPE).field("id", id)
                .field("timestamp", StreamConfigJson.rfc3339(now)).field("stream", a.stream()).field("action", a.action());
        return j.optional("domain", domain == null ? "" : domain).end().toString();
    }

    /**
     * @param account the requester's account
     * @param rttNanos the requester's round-trip time (0: not measured yet, left out as Go omits it)
     */
    static String apiAudit(String id, Instant now, String server, String account, long rttNanos, String subject,
            String request, String response, String domain) {
        GoJsonWriter j = new GoJsonWriter(false).begin().field("type", API_AUDIT_TYPE).field("id", id)
                .field("timestamp", StreamConfigJson.rfc3339(now)).field("server", server).object("client")
                .field("acc", account).optional("rtt", rttNanos).field("server", server).end()
                .field("subject", subject).optional("request", request).field("response", response);
        return j.optional("domain", domain == null ? "" : domain).end().toString();
    }
}
