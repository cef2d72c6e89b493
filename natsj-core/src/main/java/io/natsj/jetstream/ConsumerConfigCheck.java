package io.natsj.jetstream;

import io.natsj.auth.JetStreamLimits;
import java.util.List;

/** PROVISIONAL: replaced by the checks being written from nats-server's checkConsumerCfg. */
final class ConsumerConfigCheck {
    static final ApiError NO_ANSWER = new ApiError(0, 0, "");

    private ConsumerConfigCheck() {
    }

    static ApiError checkSubject(String[] t, ConsumerConfigJson.CreateRequest req) {
        int n = t.length;
        if (n < 5) {
            return NO_ANSWER;
        }
        String stream;
        String consumer = "";
        String filter = "";
        boolean legacyDurable = false;
        boolean legacyEphemeral = n == 5;
        if (n == 5) {
            stream = t[4];
        } else {
            if (t[3].equals("DURABLE")) {
                legacyDurable = true;
                if (n != 7) {
                    return ApiErrors.CONSUMER_DURABLE_NAME_NOT_IN_SUBJECT;
                }
                stream = t[5];
                consumer = t[6];
            } else {
                stream = t[4];
                consumer = t[5];
            }
            if (n > 7) {
                filter = String.join(".", java.util.Arrays.copyOfRange(t, 6, n));
            }
        }
        if (!stream.equals(req.stream())) {
            return ApiErrors.STREAM_MISMATCH;
        }
        if (!consumer.isEmpty() && (consumer.contains("/") || consumer.contains("\\"))) {
            return ApiErrors.CONSUMER_NAME_CONTAINS_PATH_SEPARATORS;
        }
        ConsumerConfig c = req.config();
        if (legacyDurable) {
            if (c.durable().isEmpty()) {
                return ApiErrors.CONSUMER_DURABLE_NAME_NOT_SET;
            }
            if (!consumer.equals(c.durable())) {
                return ApiErrors.CONSUMER_DURABLE_NAME_NOT_MATCH_SUBJECT;
            }
        } else if (!legacyEphemeral && !c.durable().isEmpty() && !consumer.equals(c.durable())) {
            return ApiErrors.CONSUMER_DURABLE_NAME_NOT_MATCH_SUBJECT;
        }
        if (legacyEphemeral && !c.durable().isEmpty()) {
            return ApiErrors.CONSUMER_EPHEMERAL_WITH_DURABLE_NAME;
        }
        if (!filter.isEmpty() && !filter.equals(c.filterSubject())) {
            return ApiErrors.CONSUMER_CREATE_FILTER_SUBJECT_MISMATCH;
        }
        return null;
    }

    static ConsumerConfig named(String[] t, ConsumerConfig c) {
        if (t.length >= 6 && !t[3].equals("DURABLE")) {
            return withName(c, t[5]);
        }
        return c;
    }

    static ConsumerConfig withName(ConsumerConfig c, String name) {
        return new ConsumerConfig(c.durable(), name, c.description(), c.deliverPolicy(), c.optStartSeq(), c.optStartTime(),
                c.ackPolicy(), c.ackWaitNanos(), c.maxDeliver(), c.backoffNanos(), c.filterSubject(), c.replayPolicy(),
                c.rateLimitBps(), c.sampleFrequency(), c.maxWaiting(), c.maxAckPending(), c.idleHeartbeatNanos(),
                c.flowControl(), c.headersOnly(), c.maxBatch(), c.maxExpiresNanos(), c.maxBytes(), c.deliverSubject(),
                c.deliverGroup(), c.inactiveThresholdNanos(), c.replicas(), c.memStorage(), c.direct());
    }

    static ConsumerConfig defaults(ConsumerConfig c, JetStreamLimits acc) {
        boolean push = c.isPush();
        long maxDeliver = c.maxDeliver() == 0 ? -1 : c.maxDeliver();
        long ackWait = c.ackWaitNanos() == 0 ? 30_000_000_000L : c.ackWaitNanos();
        long maxAckPending = c.maxAckPending() == 0 && c.ackPolicy() != ConsumerConfig.AckPolicy.NONE ? 1000 : c.maxAckPending();
        long maxWaiting = !push && c.maxWaiting() == 0 ? 512 : c.maxWaiting();
        long inactive = c.inactiveThresholdNanos();
        if (!c.isDurable() && inactive <= 0) {
            inactive = 5_000_000_000L;
        }
        return new ConsumerConfig(c.durable(), c.isDurable() && c.name().isEmpty() ? c.durable() : c.name(), c.description(),
                c.deliverPolicy(), c.optStartSeq(), c.optStartTime(), c.ackPolicy(), ackWait, maxDeliver, c.backoffNanos(),
                c.filterSubject(), c.replayPolicy(), c.rateLimitBps(), c.sampleFrequency(), maxWaiting, maxAckPending,
                c.idleHeartbeatNanos(), c.flowControl(), c.headersOnly(), c.maxBatch(), c.maxExpiresNanos(), c.maxBytes(),
                c.deliverSubject(), c.deliverGroup(), inactive, c.replicas(), c.memStorage(), c.direct());
    }

    static ApiError check(ConsumerConfig c, StreamConfig s, JetStreamConfig server, JetStreamLimits acc, boolean recovering) {
        if (c.ackPolicy() == ConsumerConfig.AckPolicy.NONE && s.retention() == StreamConfig.Retention.WORK_QUEUE) {
            return ApiErrors.CONSUMER_PULL_REQUIRES_ACK;
        }
        if (c.filterSubject() != null && !c.filterSubject().isEmpty()) {
            boolean ok = false;
            for (String sub : s.subjects()) {
                if (StreamConfigCheck.collide(c.filterSubject(), sub)) {
                    ok = true;
                }
            }
            if (!ok && s.mirror() == null && s.sources().isEmpty()) {
                return ApiErrors.CONSUMER_FILTER_NOT_SUBSET;
            }
        }
        return null;
    }

    static ApiError checkUpdate(ConsumerConfig old, ConsumerConfig neu, boolean deliverBound) {
        if (old.equals(neu)) {
            return null;
        }
        if (old.deliverPolicy() != neu.deliverPolicy()) {
            return ApiErrors.consumerCreate("deliver policy can not be updated");
        }
        if (old.ackPolicy() != neu.ackPolicy()) {
            return ApiErrors.consumerCreate("ack policy can not be updated");
        }
        return null;
    }

    static ApiError checkWorkQueue(ConsumerConfig c, StreamConfig s, List<ConsumerConfig> others) {
        if (s.retention() != StreamConfig.Retention.WORK_QUEUE) {
            return null;
        }
        if (c.ackPolicy() != ConsumerConfig.AckPolicy.EXPLICIT) {
            return ApiErrors.CONSUMER_WQ_REQUIRES_EXPLICIT_ACK;
        }
        if (!others.isEmpty() && (c.filterSubject() == null || c.filterSubject().isEmpty())) {
            return ApiErrors.CONSUMER_WQ_MULTIPLE_UNFILTERED;
        }
        if (c.deliverPolicy() != ConsumerConfig.DeliverPolicy.ALL) {
            return ApiErrors.CONSUMER_WQ_CONSUMER_NOT_DELIVER_ALL;
        }
        return null;
    }

    static ApiError checkName(String name, boolean durable) {
        if (name.contains(".") || name.contains("*") || name.contains(">")) {
            return ApiErrors.CONSUMER_BAD_DURABLE_NAME;
        }
        return null;
    }

    static String randomName() {
        String a = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder sb = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 8; i++) {
            sb.append(a.charAt(r.nextInt(a.length())));
        }
        return sb.toString();
    }
}
