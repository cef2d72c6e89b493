package io.natsj.jetstream;

import io.natsj.protocol.GoQuote;
import io.natsj.routing.Subjects;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The checks nats-server 2.9.10 makes on a single server before it creates or updates a consumer,
 * in its order and with its errors, and the defaults it fills in. Pure; any thread.
 *
 * <p>A CONSUMER.CREATE / CREATE.&lt;stream&gt;.&lt;consumer&gt;[.&lt;filter&gt;] / DURABLE.CREATE request goes,
 * in nats-server's order (jsConsumerCreateRequest, then addConsumerWithAssignment):
 * <ol>
 * <li>{@link ConsumerConfigJson#decodeCreateRequest}: failure is {@link ApiErrors#INVALID_JSON};
 * <li>{@link #parseCreateSubject}: null means nats-server sends no answer at all;
 * <li>(the handler) JetStream enabled for the account, else {@link ApiErrors#NOT_ENABLED_FOR_ACCOUNT};
 * <li>{@link #checkCreateRequest}: the subject against the body (and no replicas on one server);
 * <li>(the handler) the stream exists, else {@link ApiErrors#STREAM_NOT_FOUND};
 * <li>{@link #check}: setConsumerConfigDefaults then checkConsumerCfg, giving the configuration with
 * nats-server's defaults;
 * <li>(the engine, under the stream's lock) a consumer named {@link #existingName} exists: then
 * {@link #checkUpdate} gives the configuration it keeps, and the answer is its info (its own created
 * time; no advisory). Otherwise {@link #checkNew} (limits, work queue rules, the name), then the
 * consumer is created with {@link #forNewConsumer}'s configuration, named by its durable name, its
 * name, or else {@link #ephemeralName}; a store failure is {@code ApiErrors.consumerCreate("error
 * creating store for consumer")} (nats-server hides the cause from the client).
 * </ol>
 * Every refusal is an {@link Invalid} carrying the exact {@link ApiError}.
 */
final class ConsumerConfigCheck {
    /** JSMaxNameLen, in UTF-8 bytes as Go counts. */
    static final int MAX_NAME_LENGTH = 255;
    /** JSMaxDescriptionLen, in UTF-8 bytes as Go counts. */
    static final int MAX_DESCRIPTION_LENGTH = 4 * 1024;
    /** JsAckWaitDefault: ack_wait for explicit and all acknowledgement when not set. */
    static final long DEFAULT_ACK_WAIT_NANOS = 30_000_000_000L;
    /** JsDefaultMaxAckPending: max_ack_pending for explicit and all acknowledgement when not set (or a lower limit). */
    static final long DEFAULT_MAX_ACK_PENDING = 1000;
    /** JSWaitQueueDefaultMax: a pull consumer's max_waiting when not set. */
    static final long DEFAULT_MAX_WAITING = 512;
    /** JsDeleteWaitTimeDefault: an ephemeral's inactive_threshold when not set (nats-server adds up to 1 s of jitter to the timer only). */
    static final long DEFAULT_INACTIVE_THRESHOLD_NANOS = 5_000_000_000L;
    private static final long MIN_HEARTBEAT_NANOS = 100_000_000L;
    private static final long MIN_MAX_EXPIRES_NANOS = 1_000_000L;

    private ConsumerConfigCheck() {
    }

    /** A request nats-server refuses, with its API error. */
    static final class Invalid extends Exception {
        final ApiError error;

        Invalid(ApiError error) {
            super(error.description(), null, false, false);
            this.error = error;
        }
    }

    /** Which of the three create subjects a request came on. */
    enum CreateKind {
        /** {@code $JS.API.CONSUMER.CREATE.<stream>}: nats-server's legacy ephemeral form (a name may still come in the body). */
        LEGACY_EPHEMERAL,
        /** {@code $JS.API.CONSUMER.DURABLE.CREATE.<stream>.<durable>} */
        LEGACY_DURABLE,
        /** {@code $JS.API.CONSUMER.CREATE.<stream>.<consumer>[.<filter subject>]} */
        NAMED
    }

    /**
     * What a create request's subject says.
     *
     * @param consumer "" for {@link CreateKind#LEGACY_EPHEMERAL}
     * @param filter the filter subject the subject carries; "" for none. nats-server only takes one
     *        when it has at least two tokens ({@code CREATE.S.C.a.b}); a one-token tail
     *        ({@code CREATE.S.C.a}) is ignored, as in 2.9.10
     */
    record CreateSubject(CreateKind kind, String stream, String consumer, String filter) {
    }

    /**
     * The limits that bear on consumers; 0 or less means none (nats-server's JSLimitOpts from the
     * server's {@code jetstream { limits {..} }}, and the account's JetStreamAccountLimits).
     */
    record Limits(long serverMaxAckPending, long serverMaxRequestBatch, long accountMaxAckPending,
            long accountMaxConsumers) {
        static final Limits NONE = new Limits(0, 0, 0, 0);
    }

    /**
     * The create subject's parts. Tokens are counted as nats-server counts them (split on '.').
     *
     * @return null when the subject has fewer than 5 tokens: nats-server logs it and answers nothing
     * @throws Invalid {@link ApiErrors#CONSUMER_DURABLE_NAME_NOT_IN_SUBJECT} for a DURABLE.CREATE
     *         subject without exactly 7 tokens
     */
    static CreateSubject parseCreateSubject(String subject) throws Invalid {
        String[] t = subject.split("\\.", -1);
        if (t.length < 5) {
            return null;
        }
        if (t.length == 5) {
            return new CreateSubject(CreateKind.LEGACY_EPHEMERAL, t[4], "", "");
        }
        CreateKind kind;
        String stream;
        String consumer;
        if (t[3].equals("DURABLE")) {
            if (t.length != 7) {
                throw new Invalid(ApiErrors.CONSUMER_DURABLE_NAME_NOT_IN_SUBJECT);
            }
            kind = CreateKind.LEGACY_DURABLE;
            stream = t[5];
            consumer = t[6];
        } else {
            kind = CreateKind.NAMED;
            stream = t[4];
            consumer = t[5];
        }
        String filter = t.length > 7 ? String.join(".", List.of(t).subList(6, t.length)) : "";
        return new CreateSubject(kind, stream, consumer, filter);
    }

    /**
     * jsConsumerCreateRequest's own checks of the subject against the body, in its order: stream
     * name, path separators in the consumer name, the durable name the subject implies, the filter
     * subject, then replicas (above 1 is refused on one server).
     *
     * @return the configuration to go on with: for {@link CreateKind#NAMED}, the body's with the
     *         subject's consumer as its name (nats-server overrides whatever name the body had)
     */
    static ConsumerConfig checkCreateRequest(CreateSubject s, ConsumerConfigJson.CreateRequest r) throws Invalid {
        ConsumerConfig c = r.config();
        if (!s.stream().equals(r.stream())) {
            throw new Invalid(ApiErrors.STREAM_MISMATCH);
        }
        if (!s.consumer().isEmpty() && (s.consumer().contains("/") || s.consumer().contains("\\"))) {
            throw new Invalid(ApiErrors.CONSUMER_NAME_CONTAINS_PATH_SEPARATORS);
        }
        String durable = str(c.durable());
        if (s.kind() == CreateKind.LEGACY_DURABLE) {
            if (durable.isEmpty()) {
                throw new Invalid(ApiErrors.CONSUMER_DURABLE_NAME_NOT_SET);
            }
            if (!s.consumer().equals(durable)) {
                throw new Invalid(ApiErrors.CONSUMER_DURABLE_NAME_NOT_MATCH_SUBJECT);
            }
        }
        if (s.kind() == CreateKind.NAMED) {
            if (!durable.isEmpty() && !s.consumer().equals(durable)) {
                throw new Invalid(ApiErrors.CONSUMER_DURABLE_NAME_NOT_MATCH_SUBJECT);
            }
            c = withName(c, s.consumer());
        }
        if (s.kind() == CreateKind.LEGACY_EPHEMERAL && !durable.isEmpty()) {
            throw new Invalid(ApiErrors.CONSUMER_EPHEMERAL_WITH_DURABLE_NAME);
        }
        if (!s.filter().isEmpty() && !s.filter().equals(str(c.filterSubject()))) {
            throw new Invalid(ApiErrors.CONSUMER_CREATE_FILTER_SUBJECT_MISMATCH);
        }
        if (c.replicas() > 1) {
            throw new Invalid(ApiErrors.STREAM_REPLICAS_NOT_SUPPORTED);
        }
        return c;
    }

    /**
     * setConsumerConfigDefaults then checkConsumerCfg: the configuration with nats-server's defaults.
     *
     * @param stream the consumer's stream's configuration (with its defaults)
     * @param streams the account's streams by name (null for none): a filter subject may be any
     *        subject of the streams this one mirrors or sources, followed through theirs
     */
    static ConsumerConfig check(ConsumerConfig c, StreamConfig stream, Function<String, StreamConfig> streams, Limits l)
            throws Invalid {
        ConsumerConfig d = withDefaults(c, l);
        checkConfig(d, stream, streams, l);
        return d;
    }

    /**
     * nats-server's setConsumerConfigDefaults: max_waiting 512 for pull, ack_wait 30 s for explicit
     * and all acknowledgement, max_deliver -1, ack_wait taken from backoff[0] when there is a backoff
     * (whatever the ack policy), max_ack_pending 1000 or the lowest positive server or account limit
     * for explicit and all acknowledgement, max_batch the server's limit for pull. Only zero values are
     * replaced (ack_wait -1 stays -1).
     */
    static ConsumerConfig withDefaults(ConsumerConfig c, Limits l) {
        boolean pull = !c.isPush();
        boolean acks = c.ackPolicy() == ConsumerConfig.AckPolicy.EXPLICIT || c.ackPolicy() == ConsumerConfig.AckPolicy.ALL;
        long maxWaiting = pull && c.maxWaiting() == 0 ? DEFAULT_MAX_WAITING : c.maxWaiting();
        long ackWait = c.ackWaitNanos() == 0 && acks ? DEFAULT_ACK_WAIT_NANOS : c.ackWaitNanos();
        long maxDeliver = c.maxDeliver() == 0 ? -1 : c.maxDeliver();
        if (!c.backoffNanos().isEmpty()) {
            ackWait = c.backoffNanos().get(0);
        }
        long maxAckPending = c.maxAckPending();
        if (acks && maxAckPending == 0) {
            maxAckPending = DEFAULT_MAX_ACK_PENDING;
            if (l.serverMaxAckPending() > 0 && l.serverMaxAckPending() < maxAckPending) {
                maxAckPending = l.serverMaxAckPending();
            }
            if (l.accountMaxAckPending() > 0 && l.accountMaxAckPending() < maxAckPending) {
                maxAckPending = l.accountMaxAckPending();
            }
        }
        long maxBatch = pull && c.maxBatch() == 0 && l.serverMaxRequestBatch() > 0 ? l.serverMaxRequestBatch() : c.maxBatch();
        return new ConsumerConfig(c.durable(), c.name(), c.description(), c.deliverPolicy(), c.optStartSeq(),
                c.optStartTime(), c.ackPolicy(), ackWait, maxDeliver, c.backoffNanos(), c.filterSubject(),
                c.replayPolicy(), c.rateLimitBps(), c.sampleFrequency(), maxWaiting, maxAckPending,
                c.idleHeartbeatNanos(), c.flowControl(), c.headersOnly(), maxBatch, c.maxExpiresNanos(), c.maxBytes(),
                c.deliverSubject(), c.deliverGroup(), c.inactiveThresholdNanos(), c.replicas(), c.memStorage(),
                c.direct());
    }

    /**
     * nats-server's checkConsumerCfg on a configuration whose defaults are applied (not recovering):
     * replicas, backoff against max_deliver, description, the push or the pull options, max ack
     * pending against the limits, direct, the filter subject, the deliver policy against the start
     * options, the sample frequency, flow control without heartbeats, durable against name.
     */
    static void checkConfig(ConsumerConfig c, StreamConfig stream, Function<String, StreamConfig> streams, Limits l)
            throws Invalid {
        if (c.replicas() > 0 && c.replicas() > stream.replicas()) {
            throw new Invalid(ApiErrors.CONSUMER_REPLICAS_EXCEEDS_STREAM);
        }
        if (c.replicas() < 0) {
            throw new Invalid(ApiErrors.REPLICAS_COUNT_CANNOT_BE_NEGATIVE);
        }
        int backoffs = c.backoffNanos().size();
        if (backoffs > 0 && c.maxDeliver() <= backoffs) {
            throw new Invalid(ApiErrors.CONSUMER_MAX_DELIVER_BACKOFF);
        }
        if (utf8Length(c.description()) > MAX_DESCRIPTION_LENGTH) {
            throw new Invalid(ApiErrors.consumerDescriptionTooLong(MAX_DESCRIPTION_LENGTH));
        }
        if (c.isPush()) {
            String deliver = c.deliverSubject();
            if (!isLiteral(deliver)) {
                throw new Invalid(ApiErrors.CONSUMER_DELIVER_TO_WILDCARDS);
            }
            if (!Subjects.isValidSubject(deliver)) {
                throw new Invalid(ApiErrors.CONSUMER_INVALID_DELIVER_SUBJECT);
            }
            for (String s : stream.subjects()) {
                if (isSubsetMatch(deliver, s)) {
                    throw new Invalid(ApiErrors.CONSUMER_DELIVER_CYCLE);
                }
            }
            if (c.maxWaiting() != 0) {
                throw new Invalid(ApiErrors.CONSUMER_PUSH_MAX_WAITING);
            }
            if (c.maxAckPending() > 0 && c.ackPolicy() == ConsumerConfig.AckPolicy.NONE) {
                throw new Invalid(ApiErrors.CONSUMER_MAX_PENDING_ACK_POLICY_REQUIRED);
            }
            if (c.idleHeartbeatNanos() > 0 && c.idleHeartbeatNanos() < MIN_HEARTBEAT_NANOS) {
                throw new Invalid(ApiErrors.CONSUMER_SMALL_HEARTBEAT);
            }
        } else {
            if (c.ackPolicy() == ConsumerConfig.AckPolicy.NONE && stream.retention() == StreamConfig.Retention.WORK_QUEUE) {
                throw new Invalid(ApiErrors.CONSUMER_PULL_REQUIRES_ACK);
            }
            if (c.rateLimitBps() != 0) {
                throw new Invalid(ApiErrors.CONSUMER_PULL_WITH_RATE_LIMIT);
            }
            if (c.maxWaiting() < 0) {
                throw new Invalid(ApiErrors.CONSUMER_MAX_WAITING_NEGATIVE);
            }
            if (c.idleHeartbeatNanos() > 0) {
                throw new Invalid(ApiErrors.CONSUMER_HB_REQUIRES_PUSH);
            }
            if (c.flowControl()) {
                throw new Invalid(ApiErrors.CONSUMER_FC_REQUIRES_PUSH);
            }
            if (c.maxBatch() < 0) {
                throw new Invalid(ApiErrors.CONSUMER_MAX_REQUEST_BATCH_NEGATIVE);
            }
            if (c.maxExpiresNanos() != 0 && c.maxExpiresNanos() < MIN_MAX_EXPIRES_NANOS) {
                throw new Invalid(ApiErrors.CONSUMER_MAX_REQUEST_EXPIRES_TOO_SMALL);
            }
            if (l.serverMaxRequestBatch() > 0 && c.maxBatch() > l.serverMaxRequestBatch()) {
                throw new Invalid(ApiErrors.consumerMaxRequestBatchExceeded(l.serverMaxRequestBatch()));
            }
        }
        if (l.serverMaxAckPending() > 0 && c.maxAckPending() > l.serverMaxAckPending()) {
            throw new Invalid(ApiErrors.consumerMaxPendingAckExcess(l.serverMaxAckPending()));
        }
        if (l.accountMaxAckPending() > 0 && c.maxAckPending() > l.accountMaxAckPending()) {
            throw new Invalid(ApiErrors.consumerMaxPendingAckExcess(l.accountMaxAckPending()));
        }
        if (c.direct()) {
            if (!c.isPush()) {
                throw new Invalid(ApiErrors.CONSUMER_DIRECT_REQUIRES_PUSH);
            }
            if (c.isDurable()) {
                throw new Invalid(ApiErrors.CONSUMER_DIRECT_REQUIRES_EPHEMERAL);
            }
        }
        String filter = str(c.filterSubject());
        if (!filter.isEmpty()) {
            List<String> subjects = new ArrayList<>(stream.subjects());
            if (!gatherSourceSubjects(stream, streams == null ? s -> null : streams, subjects)
                    && !validFilteredSubject(filter, subjects)) {
                throw new Invalid(ApiErrors.CONSUMER_FILTER_NOT_SUBSET);
            }
        }
        checkStart(c, filter);
        String freq = str(c.sampleFrequency());
        if (!freq.isEmpty()) {
            String s = freq.endsWith("%") ? freq.substring(0, freq.length() - 1) : freq;
            long[] value = new long[1];
            String err = atoi(s, value);
            if (err != null || value[0] < 0) {
                throw new Invalid(ApiErrors.consumerInvalidSampling(err == null ? "<nil>" : err));
            }
        }
        if (c.flowControl() && c.idleHeartbeatNanos() == 0) {
            throw new Invalid(ApiErrors.CONSUMER_WITH_FLOW_CONTROL_NEEDS_HEARTBEATS);
        }
        if (c.isDurable() && !str(c.name()).isEmpty() && !c.name().equals(c.durable())) {
            throw new Invalid(ApiErrors.CONSUMER_CREATE_DURABLE_AND_NAME_MISMATCH);
        }
    }

    /** checkConsumerCfg's start position conflicts, with nats-server's texts (typo included). */
    private static void checkStart(ConsumerConfig c, String filter) throws Invalid {
        boolean seq = c.optStartSeq() != 0; // Go's OptStartSeq > 0 on a uint64
        boolean time = c.optStartTime() != null;
        switch (c.deliverPolicy()) {
            case ALL, LAST, NEW -> {
                String dp = c.deliverPolicy().json();
                if (seq) {
                    throw badStart(dp, "sequence");
                }
                if (time) {
                    throw badStart(dp, "time");
                }
            }
            case LAST_PER_SUBJECT -> {
                if (seq) {
                    throw badStart("last per subject", "sequence");
                }
                if (time) {
                    throw badStart("last per subject", "time");
                }
                if (filter.isEmpty()) {
                    throw notSet("last per subject", "filter subject");
                }
            }
            case BY_START_SEQUENCE -> {
                if (!seq) {
                    throw notSet("by start sequence", "start sequence");
                }
                if (time) {
                    throw badStart("by start sequence", "time");
                }
            }
            case BY_START_TIME -> {
                if (!time) {
                    throw notSet("by start time", "start time");
                }
                if (seq) {
                    throw badStart("by start time", "start sequence");
                }
            }
            default -> throw new IllegalStateException(c.deliverPolicy().toString());
        }
    }

    private static Invalid badStart(String dp, String start) {
        return new Invalid(ApiErrors.consumerInvalidPolicy(
                "consumer delivery policy is deliver " + dp + ", but optional start " + start + " is also set"));
    }

    private static Invalid notSet(String dp, String notSet) {
        return new Invalid(ApiErrors.consumerInvalidPolicy(
                "consumer delivery policy is deliver " + dp + ", but optional " + notSet + " is not set"));
    }

    /**
     * The consumer a create request would update if it exists (addConsumerWithAssignment's cName):
     * its durable name, else its name; null when it has neither (a new legacy ephemeral, always created).
     */
    static String existingName(ConsumerConfig c) {
        if (c.isDurable()) {
            return c.durable();
        }
        return str(c.name()).isEmpty() ? null : c.name();
    }

    /**
     * nats-server's checkNewConsumerConfig and updateConfig when a create request names an existing
     * consumer: an identical configuration is fine; otherwise deliver policy, start sequence, start
     * time (refused whenever either has one: nats-server compares the pointers), ack policy, replay
     * policy, heartbeat, flow control and max waiting may not change (JSConsumerCreateErrF, 500
     * 10012, with its text), nor pull to push or back; a push consumer may move to another deliver
     * subject only while nothing is subscribed to its current one ({@link ApiErrors#CONSUMER_NAME_EXIST}).
     * Everything else (description, ack wait, max deliver, backoff, filter subject, rate limit, sample
     * frequency, max ack pending, headers only, pull limits, deliver group, inactive threshold,
     * replicas, memory storage, and durable and name themselves) is taken as requested.
     *
     * @param existing the consumer's configuration now
     * @param requested the request's configuration after {@link #check}
     * @param deliverSubjectHasInterest something subscribes to {@code existing}'s deliver subject
     * @return the configuration the consumer keeps: {@code requested}, with the 5 s inactive threshold
     *         stamped when it changes the threshold to none while {@code existing} is not durable
     */
    static ConsumerConfig checkUpdate(ConsumerConfig existing, ConsumerConfig requested, boolean deliverSubjectHasInterest)
            throws Invalid {
        if (!normalized(existing).equals(normalized(requested))) {
            if (existing.deliverPolicy() != requested.deliverPolicy()) {
                throw updateRefused("deliver policy can not be updated");
            }
            if (existing.optStartSeq() != requested.optStartSeq()) {
                throw updateRefused("start sequence can not be updated");
            }
            if (existing.optStartTime() != null || requested.optStartTime() != null) {
                throw updateRefused("start time can not be updated");
            }
            if (existing.ackPolicy() != requested.ackPolicy()) {
                throw updateRefused("ack policy can not be updated");
            }
            if (existing.replayPolicy() != requested.replayPolicy()) {
                throw updateRefused("replay policy can not be updated");
            }
            if (existing.idleHeartbeatNanos() != requested.idleHeartbeatNanos()) {
                throw updateRefused("heart beats can not be updated");
            }
            if (existing.flowControl() != requested.flowControl()) {
                throw updateRefused("flow control can not be updated");
            }
            if (existing.maxWaiting() != requested.maxWaiting()) {
                throw updateRefused("max waiting can not be updated");
            }
            String was = str(existing.deliverSubject());
            String now = str(requested.deliverSubject());
            if (!was.equals(now)) {
                if (was.isEmpty()) {
                    throw updateRefused("can not update pull consumer to push based");
                }
                if (now.isEmpty()) {
                    throw updateRefused("can not update push consumer to pull based");
                }
                if (deliverSubjectHasInterest) {
                    throw new Invalid(ApiErrors.CONSUMER_NAME_EXIST);
                }
            }
            int backoffs = requested.backoffNanos().size();
            if (backoffs > 0 && requested.maxDeliver() <= backoffs) {
                throw new Invalid(ApiErrors.CONSUMER_MAX_DELIVER_BACKOFF);
            }
        }
        if (requested.inactiveThresholdNanos() != existing.inactiveThresholdNanos() && !existing.isDurable()
                && requested.inactiveThresholdNanos() <= 0) {
            return withInactiveThreshold(requested, DEFAULT_INACTIVE_THRESHOLD_NANOS);
        }
        return requested;
    }

    private static Invalid updateRefused(String reason) {
        return new Invalid(ApiErrors.consumerCreate(reason));
    }

    /**
     * addConsumerWithAssignment's checks for a consumer that does not exist yet, in its order: the
     * stream's max_consumers (or the account's, when lower or the stream has none) against the
     * stream's consumers; on a work-queue stream (unless direct) explicit acknowledgement, a filter
     * when there are other consumers, one that overlaps none of theirs, and deliver all; a durable
     * name of at most 255 bytes; a name without '.', '*', '&gt;' or white space.
     *
     * @param publicConsumers the stream's consumers that are not direct (nats-server's numPublicConsumers)
     * @param consumerFilters the filter subject of every consumer of the stream, direct ones included,
     *        "" for an unfiltered one (only read for a work-queue stream)
     */
    static void checkNew(ConsumerConfig c, StreamConfig stream, int publicConsumers, List<String> consumerFilters,
            Limits l) throws Invalid {
        long max = stream.maxConsumers();
        if (max <= 0 || (l.accountMaxConsumers() > 0 && l.accountMaxConsumers() < max)) {
            max = l.accountMaxConsumers();
        }
        if (max > 0 && publicConsumers >= max) {
            throw new Invalid(ApiErrors.MAXIMUM_CONSUMERS_LIMIT);
        }
        if (stream.retention() == StreamConfig.Retention.WORK_QUEUE && !c.direct()) {
            if (c.ackPolicy() != ConsumerConfig.AckPolicy.EXPLICIT) {
                throw new Invalid(ApiErrors.CONSUMER_WQ_REQUIRES_EXPLICIT_ACK);
            }
            if (!consumerFilters.isEmpty()) {
                String filter = str(c.filterSubject());
                if (filter.isEmpty()) {
                    throw new Invalid(ApiErrors.CONSUMER_WQ_MULTIPLE_UNFILTERED);
                }
                for (String other : consumerFilters) {
                    if (str(other).isEmpty() || isSubsetMatch(filter, other) || isSubsetMatch(other, filter)) {
                        throw new Invalid(ApiErrors.CONSUMER_WQ_CONSUMER_NOT_UNIQUE);
                    }
                }
            }
            if (c.deliverPolicy() != ConsumerConfig.DeliverPolicy.ALL) {
                throw new Invalid(ApiErrors.CONSUMER_WQ_CONSUMER_NOT_DELIVER_ALL);
            }
        }
        if (c.isDurable() && utf8Length(c.durable()) > MAX_NAME_LENGTH) {
            throw new Invalid(ApiErrors.consumerNameTooLong(MAX_NAME_LENGTH));
        }
        String name = c.isDurable() ? c.durable() : str(c.name());
        if (!name.isEmpty() && !isValidName(name)) {
            throw new Invalid(ApiErrors.CONSUMER_BAD_DURABLE_NAME);
        }
    }

    /**
     * The configuration a new consumer keeps (its info's config): an ephemeral without a positive
     * inactive threshold gets the 5 s default. A legacy ephemeral keeps no name in it even though
     * nats-server generates one (its info shows no "name" in the config; nats-server does write the
     * generated name into the copy it stores).
     */
    static ConsumerConfig forNewConsumer(ConsumerConfig c) {
        if (!c.isDurable() && c.inactiveThresholdNanos() <= 0) {
            return withInactiveThreshold(c, DEFAULT_INACTIVE_THRESHOLD_NANOS);
        }
        return c;
    }

    private static final char[] DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    /**
     * nats-server's createConsumerName: 8 base-62 characters from the SHA-256 of a fresh unique id
     * (its getHash of a NUID). The caller retries with a new id while the name is taken.
     */
    static String ephemeralName(String uniqueId) {
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest(uniqueId.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        char[] out = new char[8];
        for (int i = 0; i < out.length; i++) {
            out[i] = DIGITS[(h[i] & 0xff) % DIGITS.length];
        }
        return new String(out);
    }

    /** nats-server's isValidName: non-empty, without ' ', '\t', '\r', '\n', '\f', '.', '*', '&gt;'. */
    static boolean isValidName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (" \t\r\n\f.*>".indexOf(name.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * nats-server's gatherSourceMirrorSubjects on one server: adds to {@code subjects} the subjects of
     * the streams {@code stream} mirrors or sources, following their own mirrors and sources.
     *
     * @return true when one of them is external (nats-server then skips the filter check)
     */
    private static boolean gatherSourceSubjects(StreamConfig stream, Function<String, StreamConfig> streams,
            List<String> subjects) {
        boolean external = false;
        if (stream.mirror() != null) {
            external = sourceSubjects(stream.mirror(), streams, new HashSet<>(), subjects);
        } else if (!stream.sources().isEmpty()) {
            Set<String> seen = new HashSet<>();
            for (StreamConfig.Source s : stream.sources()) {
                if (sourceSubjects(s, streams, seen, subjects)) {
                    external = true;
                }
            }
        }
        return external;
    }

    /** streamSourceSubjects and streamSourceSubjectsNotClustered: true when an external source was met. */
    private static boolean sourceSubjects(StreamConfig.Source s, Function<String, StreamConfig> streams, Set<String> seen,
            List<String> subjects) {
        if (s.external() != null) {
            return true;
        }
        if (seen.contains(s.name())) {
            return false;
        }
        StreamConfig cfg = streams.apply(s.name());
        if (cfg == null) {
            return false;
        }
        seen.add(s.name());
        subjects.addAll(cfg.subjects());
        boolean external = false;
        if (cfg.mirror() != null) {
            external = sourceSubjects(cfg.mirror(), streams, seen, subjects);
        } else {
            for (StreamConfig.Source next : cfg.sources()) {
                external = sourceSubjects(next, streams, seen, subjects);
                if (external) {
                    break;
                }
            }
        }
        return external;
    }

    /** nats-server's validFilteredSubject. */
    private static boolean validFilteredSubject(String filter, List<String> subjects) {
        if (!Subjects.isValidSubject(filter)) {
            return false;
        }
        boolean wildcard = !isLiteral(filter);
        for (String s : subjects) {
            if (isSubsetMatch(filter, s) || wildcard && isSubsetMatch(s, filter)) {
                return true;
            }
        }
        return false;
    }

    /** nats-server's subjectIsLiteral: no token that is exactly '*' or '&gt;'. */
    static boolean isLiteral(String subject) {
        for (int i = 0; i < subject.length(); i++) {
            char c = subject.charAt(i);
            if ((c == '*' || c == '>') && (i == 0 || subject.charAt(i - 1) == '.')
                    && (i + 1 == subject.length() || subject.charAt(i + 1) == '.')) {
                return false;
            }
        }
        return true;
    }

    /**
     * nats-server's subjectIsSubsetMatch(subject, test): every subject {@code subject} matches is
     * matched by {@code test}, by its token rules (a {@code test} token starting with '*' matches any
     * literal token, as nats-server checks only the first byte).
     */
    static boolean isSubsetMatch(String subject, String test) {
        String[] tokens = subject.split("\\.", -1);
        String[] t = test.split("\\.", -1);
        for (int i = 0; i < t.length; i++) {
            if (i >= tokens.length) {
                return false;
            }
            String t2 = t[i];
            if (t2.isEmpty()) {
                return false;
            }
            if (t2.charAt(0) == '>' && t2.length() == 1) {
                return true;
            }
            String t1 = tokens[i];
            if (t1.isEmpty() || t1.charAt(0) == '>' && t1.length() == 1) {
                return false;
            }
            if (t1.charAt(0) == '*' && t1.length() == 1) {
                if (!(t2.charAt(0) == '*' && t2.length() == 1)) {
                    return false;
                }
                continue;
            }
            if (t2.charAt(0) != '*' && !t1.equals(t2)) {
                return false;
            }
        }
        return tokens.length == t.length;
    }

    /**
     * Go's strconv.Atoi on a 64-bit build: null and the value in {@code out[0]} when it parses,
     * else Go's error text ({@code strconv.Atoi: parsing "x": invalid syntax} / {@code value out of range}).
     */
    static String atoi(String s, long[] out) {
        String quoted = "strconv.Atoi: parsing " + GoQuote.quote(s) + ": ";
        if (s.isEmpty()) {
            return quoted + "invalid syntax";
        }
        int i = 0;
        boolean neg = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            neg = s.charAt(0) == '-';
            i = 1;
            if (s.length() == 1) {
                return quoted + "invalid syntax";
            }
        }
        if (s.length() < 19) { // Go's fast path: digits only, cannot overflow
            long n = 0;
            for (; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return quoted + "invalid syntax";
                }
                n = n * 10 + (c - '0');
            }
            out[0] = neg ? -n : n;
            return null;
        }
        long n = 0; // as uint64, as ParseUint accumulates: the first overflow wins over a later bad character
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return quoted + "invalid syntax";
            }
            if (Long.compareUnsigned(n, Long.divideUnsigned(-1L, 10) + 1) >= 0) {
                return quoted + "value out of range";
            }
            long n1 = n * 10 + (c - '0');
            if (Long.compareUnsigned(n1, n * 10) < 0) {
                return quoted + "value out of range";
            }
            n = n1;
        }
        if (!neg && Long.compareUnsigned(n, Long.MAX_VALUE) > 0 || neg && Long.compareUnsigned(n, Long.MIN_VALUE) > 0) {
            return quoted + "value out of range";
        }
        out[0] = neg ? -n : n;
        return null;
    }

    private static int utf8Length(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }

    /** The configuration with Go's zero strings for nulls, for comparisons as reflect.DeepEqual makes them. */
    private static ConsumerConfig normalized(ConsumerConfig c) {
        return new ConsumerConfig(str(c.durable()), str(c.name()), str(c.description()), c.deliverPolicy(),
                c.optStartSeq(), c.optStartTime(), c.ackPolicy(), c.ackWaitNanos(), c.maxDeliver(), c.backoffNanos(),
                str(c.filterSubject()), c.replayPolicy(), c.rateLimitBps(), str(c.sampleFrequency()), c.maxWaiting(),
                c.maxAckPending(), c.idleHeartbeatNanos(), c.flowControl(), c.headersOnly(), c.maxBatch(),
                c.maxExpiresNanos(), c.maxBytes(), str(c.deliverSubject()), str(c.deliverGroup()),
                c.inactiveThresholdNanos(), c.replicas(), c.memStorage(), c.direct());
    }

    static ConsumerConfig withName(ConsumerConfig c, String name) {
        if (Objects.equals(c.name(), name)) {
            return c;
        }
        return new ConsumerConfig(c.durable(), name, c.description(), c.deliverPolicy(), c.optStartSeq(),
                c.optStartTime(), c.ackPolicy(), c.ackWaitNanos(), c.maxDeliver(), c.backoffNanos(), c.filterSubject(),
                c.replayPolicy(), c.rateLimitBps(), c.sampleFrequency(), c.maxWaiting(), c.maxAckPending(),
                c.idleHeartbeatNanos(), c.flowControl(), c.headersOnly(), c.maxBatch(), c.maxExpiresNanos(),
                c.maxBytes(), c.deliverSubject(), c.deliverGroup(), c.inactiveThresholdNanos(), c.replicas(),
                c.memStorage(), c.direct());
    }

    static ConsumerConfig withInactiveThreshold(ConsumerConfig c, long nanos) {
        return new ConsumerConfig(c.durable(), c.name(), c.description(), c.deliverPolicy(), c.optStartSeq(),
                c.optStartTime(), c.ackPolicy(), c.ackWaitNanos(), c.maxDeliver(), c.backoffNanos(), c.filterSubject(),
                c.replayPolicy(), c.rateLimitBps(), c.sampleFrequency(), c.maxWaiting(), c.maxAckPending(),
                c.idleHeartbeatNanos(), c.flowControl(), c.headersOnly(), c.maxBatch(), c.maxExpiresNanos(),
                c.maxBytes(), c.deliverSubject(), c.deliverGroup(), nanos, c.replicas(), c.memStorage(), c.direct());
    }
}
