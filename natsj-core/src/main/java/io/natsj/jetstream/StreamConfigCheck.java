package io.natsj.jetstream;

import io.natsj.protocol.GoQuote;
import io.natsj.routing.SubjectMapping;
import io.natsj.routing.Subjects;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * nats-server 2.9's checkStreamCfg on a single server: the checks a stream configuration must pass
 * to be created or updated, in nats-server's order and with its errors, and its defaults filled in
 * (file storage, one replica, -1 for unset limits, a duplicate window of 2 minutes or max_age if
 * shorter, the stream's name as its subject). Pure; any thread.
 */
final class StreamConfigCheck {
    static final int MAX_NAME_LENGTH = 255;
    static final int MAX_DESCRIPTION_LENGTH = 4 * 1024;
    static final long MAX_REPLICAS = 5;
    static final long DEFAULT_DUPLICATE_WINDOW_NANOS = 120_000_000_000L;
    private static final long MIN_WINDOW_NANOS = 100_000_000L;

    private StreamConfigCheck() {
    }

    /** A configuration nats-server refuses, with its API error. */
    static final class Invalid extends Exception {
        final ApiError error;

        Invalid(ApiError error) {
            super(error.description(), null, false, false);
            this.error = error;
        }

        /** JSStreamInvalidConfigF with the reason. */
        static Invalid config(String reason) {
            return new Invalid(ApiErrors.streamInvalidConfig(reason));
        }
    }

    /**
     * @param existing the account's streams by name (null for none), for mirror and source checks
     * @param maxBytesRequired the account requires max_bytes on every stream
     * @param maxStreamBytes the account's limit on one stream's max_bytes; 0 for none
     */
    static StreamConfig check(StreamConfig c, Function<String, StreamConfig> existing, boolean maxBytesRequired,
            long maxStreamBytes) throws Invalid {
        if (c.name().isEmpty() || containsAny(c.name(), " \t\r\n\f.*>")) {
            throw Invalid.config("stream name is required and can not contain '.', '*', '>'");
        }
        if (c.name().length() > MAX_NAME_LENGTH) {
            throw Invalid.config("stream name is too long, maximum allowed is " + MAX_NAME_LENGTH);
        }
        if (c.description().length() > MAX_DESCRIPTION_LENGTH) {
            throw Invalid.config("stream description is too long, maximum allowed is " + MAX_DESCRIPTION_LENGTH);
        }
        long replicas = c.replicas() == 0 ? 1 : c.replicas();
        if (replicas > MAX_REPLICAS) {
            throw Invalid.config("maximum replicas is " + MAX_REPLICAS);
        }
        if (replicas < 0) {
            throw new Invalid(ApiErrors.REPLICAS_COUNT_CANNOT_BE_NEGATIVE);
        }
        long dup = c.duplicateWindowNanos();
        if (dup == 0 && c.mirror() == null) {
            dup = c.maxAgeNanos() != 0 && c.maxAgeNanos() < DEFAULT_DUPLICATE_WINDOW_NANOS ? c.maxAgeNanos()
                    : DEFAULT_DUPLICATE_WINDOW_NANOS;
        }
        if (c.maxAgeNanos() > 0 && c.maxAgeNanos() < MIN_WINDOW_NANOS) {
            throw Invalid.config("max age needs to be >= 100ms");
        }
        if (dup < 0) {
            throw Invalid.config("duplicates window can not be negative");
        }
        if (c.maxAgeNanos() != 0 && dup > c.maxAgeNanos()) {
            throw Invalid.config("duplicates window can not be larger then max age");
        }
        if (dup > 0 && dup < MIN_WINDOW_NANOS) {
            throw Invalid.config("duplicates window needs to be >= 100ms");
        }
        if (c.denyPurge() && c.allowRollup()) {
            throw Invalid.config("roll-ups require the purge permission");
        }
        long maxMsgsPer = c.maxMsgsPerSubject() == 0 ? -1 : c.maxMsgsPerSubject();
        if (c.discardNewPerSubject()) {
            if (c.discard() != StreamConfig.Discard.NEW) {
                throw Invalid.config("discard new per subject requires discard new policy to be set");
            }
            if (maxMsgsPer <= 0) {
                throw Invalid.config("discard new per subject requires max msgs per subject > 0");
            }
        }
        long maxMsgSize = c.maxMsgSize() == 0 ? -1 : c.maxMsgSize();
        List<String> streamSubjects = new ArrayList<>();
        List<String> deliverPrefixes = new ArrayList<>();
        List<String> apiPrefixes = new ArrayList<>();
        boolean mirrorDirect = c.mirrorDirect();
        if (c.mirror() != null) {
            if (!c.subjects().isEmpty()) {
                throw new Invalid(ApiErrors.MIRROR_WITH_SUBJECTS);
            }
            if (!c.sources().isEmpty()) {
                throw new Invalid(ApiErrors.MIRROR_WITH_SOURCES);
            }
            StreamConfig origin = existing.apply(c.mirror().name());
            if (origin != null) {
                streamSubjects.addAll(origin.subjects());
                if (maxMsgSize > 0 && origin.maxMsgSize() > 0 && maxMsgSize < origin.maxMsgSize()) {
                    throw new Invalid(ApiErrors.MIRROR_MAX_MESSAGE_SIZE_TOO_BIG);
                }
                if (!overlaps(c.mirror().filterSubject(), origin.subjects())) {
                    throw Invalid.config("mirror '" + c.mirror().name() + "' filter subject '" + c.mirror().filterSubject()
                            + "' does not overlap with any origin stream subject");
                }
                mirrorDirect = origin.allowDirect();
            }
            prefixes(c.mirror(), deliverPrefixes, apiPrefixes);
        }
        for (StreamConfig.Source src : c.sources()) {
            StreamConfig origin = existing.apply(src.name());
            if (origin != null) {
                streamSubjects.addAll(origin.subjects());
                if (maxMsgSize > 0 && origin.maxMsgSize() > 0 && maxMsgSize < origin.maxMsgSize()) {
                    throw new Invalid(ApiErrors.SOURCE_MAX_MESSAGE_SIZE_TOO_BIG);
                }
                if (!overlaps(src.filterSubject(), streamSubjects)) {
                    throw Invalid.config("source '" + src.name() + "' filter subject '" + src.filterSubject()
                            + "' does not overlap with any origin stream subject");
                }
            }
            prefixes(src, deliverPrefixes, apiPrefixes);
        }
        for (String pfx : deliverPrefixes) {
            if (!isValidPublishSubject(pfx)) {
                throw new Invalid(ApiErrors.streamInvalidExternalDeliverySubj(pfx));
            }
            for (String sub : streamSubjects) {
                if (collide(sub, pfx + "." + sub)) {
                    throw new Invalid(ApiErrors.streamExternalDelPrefixOverlaps(pfx, sub));
                }
            }
        }
        for (String pfx : apiPrefixes) {
            if (!isValidPublishSubject(pfx)) {
                throw Invalid.config("stream external api prefix " + GoQuote.quote(pfx) + " must be a valid subject without wildcards");
            }
            if (collide(pfx, "$JS.API")) {
                throw new Invalid(ApiErrors.streamExternalApiOverlap(pfx, "$JS.API"));
            }
        }
        checkCycles(c, existing);
        List<String> subjects = c.subjects();
        if (subjects.isEmpty()) {
            if (c.mirror() == null && c.sources().isEmpty()) {
                subjects = List.of(c.name());
            }
        } else {
            Set<String> seen = new HashSet<>();
            for (String s : subjects) {
                if (!seen.add(s)) {
                    throw Invalid.config("duplicate subjects detected");
                }
                if (SubjectMapping.isSubset(s, "$JS.API.>")) {
                    throw Invalid.config("subjects overlap with jetstream api");
                }
                if (!Subjects.isValidSubject(s)) {
                    throw Invalid.config("invalid subject");
                }
            }
        }
        if (subjects.isEmpty() && c.sources().isEmpty() && c.mirror() == null) {
            throw Invalid.config("stream needs at least one configured subject or be a source/mirror");
        }
        long maxBytes = c.maxBytes() == 0 ? -1 : c.maxBytes();
        if (maxBytesRequired && maxBytes <= 0) {
            throw new Invalid(ApiErrors.STREAM_MAX_BYTES_REQUIRED);
        }
        if (maxStreamBytes > 0 && maxBytes > maxStreamBytes) {
            throw new Invalid(ApiErrors.STREAM_MAX_STREAM_BYTES_EXCEEDED);
        }
        for (String s : subjects) {
            for (String t : subjects) {
                if (!t.equals(s) && collide(t, s)) {
                    throw Invalid.config("subject " + GoQuote.quote(s) + " overlaps with " + GoQuote.quote(t));
                }
            }
        }
        StreamConfig.RePublish republish = c.republish();
        if (republish != null) {
            String src = republish.src().isEmpty() ? ">" : republish.src();
            String dest = republish.dest();
            List<String> subs = subjects;
            if (subs.stream().noneMatch(s -> collide(src, s))) {
                throw Invalid.config("stream configuration for republish source is not valid subset of subjects");
            }
            if (subs.stream().anyMatch(s -> collide(dest, s))) {
                throw Invalid.config("stream configuration for republish destination forms a cycle");
            }
            if (!validTransform(src, republish.dest())) {
                throw Invalid.config("stream configuration for republish not valid");
            }
            republish = new StreamConfig.RePublish(src, republish.dest(), republish.headersOnly());
        }
        return new StreamConfig(c.name(), c.description(), subjects, c.retention(),
                c.maxConsumers() == 0 ? -1 : c.maxConsumers(), c.maxMsgs() == 0 ? -1 : c.maxMsgs(), maxBytes,
                c.maxAgeNanos(), maxMsgsPer, maxMsgSize, c.discard(), c.storage(), replicas, c.noAck(), c.templateOwner(),
                dup, c.placement(), c.mirror(), c.sources(), republish, c.allowDirect(), mirrorDirect,
                c.discardNewPerSubject(), c.sealed(), c.denyDelete(), c.denyPurge(), c.allowRollup());
    }

    /** nats-server's cycle check: following sources and mirrors from this stream must not come back. */
    private static void checkCycles(StreamConfig c, Function<String, StreamConfig> existing) throws Invalid {
        Deque<StreamConfig> toVisit = new ArrayDeque<>(List.of(c));
        Set<String> visited = new HashSet<>();
        while (!toVisit.isEmpty()) {
            StreamConfig cfg = toVisit.poll();
            visited.add(cfg.name());
            for (StreamConfig.Source src : cfg.sources()) {
                if (src.external() != null) {
                    continue;
                }
                if (visited.contains(src.name())) {
                    throw Invalid.config("detected cycle");
                }
                StreamConfig next = existing.apply(src.name());
                if (next != null) {
                    toVisit.add(next);
                }
            }
            StreamConfig.Source m = cfg.mirror();
            if (m != null && m.external() == null) {
                if (visited.contains(m.name())) {
                    throw Invalid.config("detected cycle");
                }
                StreamConfig next = existing.apply(m.name());
                if (next != null) {
                    toVisit.add(next);
                }
            }
        }
    }

    private static void prefixes(StreamConfig.Source s, List<String> deliver, List<String> api) {
        if (s.external() == null) {
            return;
        }
        if (!s.external().deliver().isEmpty()) {
            deliver.add(s.external().deliver());
        }
        if (!s.external().api().isEmpty()) {
            api.add(s.external().api());
        }
    }

    /** A filter that is empty, or any origin subject it can match (nats-server's hasFilterSubjectOverlap). */
    private static boolean overlaps(String filter, List<String> subjects) {
        if (filter.isEmpty() || subjects.isEmpty()) {
            return true;
        }
        return subjects.stream().anyMatch(s -> collide(s, filter));
    }

    /** nats-server's SubjectsCollide: some subject matches both. */
    static boolean collide(String a, String b) {
        return SubjectMapping.intersection(a, b) != null;
    }

    /** nats-server's IsValidPublishSubject: a valid subject without wildcard tokens. */
    static boolean isValidPublishSubject(String s) {
        if (!Subjects.isValidSubject(s)) {
            return false;
        }
        for (String t : s.split("\\.", -1)) {
            if (t.equals("*") || t.equals(">")) {
                return false;
            }
        }
        return true;
    }

    /** nats-server's newTransform: the pair makes a transform (see {@link io.natsj.routing.SubjectTransform}). */
    private static boolean validTransform(String src, String dest) {
        try {
            io.natsj.routing.SubjectTransform.of(src, dest);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean containsAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
