package io.natsj.jetstream;

import java.time.Instant;
import java.util.List;

/**
 * A stream's configuration, nats-server 2.9's StreamConfig: the fields a client sends to create or
 * update a stream and gets back in stream info. Durations are nanoseconds and limits use -1 for
 * "none" once {@link StreamConfigCheck} has applied nats-server's defaults. Immutable.
 */
public record StreamConfig(String name, String description, List<String> subjects, Retention retention,
        long maxConsumers, long maxMsgs, long maxBytes, long maxAgeNanos, long maxMsgsPerSubject, long maxMsgSize,
        Discard discard, Storage storage, long replicas, boolean noAck, String templateOwner, long duplicateWindowNanos,
        Placement placement, Source mirror, List<Source> sources, RePublish republish, boolean allowDirect,
        boolean mirrorDirect, boolean discardNewPerSubject, boolean sealed, boolean denyDelete, boolean denyPurge,
        boolean allowRollup) {

    public StreamConfig {
        subjects = List.copyOf(subjects);
        sources = List.copyOf(sources);
    }

    /** An enum value as nats-server spells it in JSON. */
    public interface Spelled {
        String json();
    }

    /** How messages leave the stream besides its limits (nats-server's RetentionPolicy). */
    public enum Retention implements Spelled {
        LIMITS("limits"), INTEREST("interest"), WORK_QUEUE("workqueue");

        private final String json;

        Retention(String json) {
            this.json = json;
        }

        @Override
        public String json() {
            return json;
        }
    }

    /** Which messages a full stream gives up (nats-server's DiscardPolicy). */
    public enum Discard implements Spelled {
        OLD("old"), NEW("new");

        private final String json;

        Discard(String json) {
            this.json = json;
        }

        @Override
        public String json() {
            return json;
        }
    }

    /** Where the messages are kept (nats-server's StorageType). */
    public enum Storage implements Spelled {
        FILE("file"), MEMORY("memory");

        private final String json;

        Storage(String json) {
            this.json = json;
        }

        @Override
        public String json() {
            return json;
        }
    }

    /** A stream this one copies from (mirror) or merges in (sources). */
    public record Source(String name, long optStartSeq, Instant optStartTime, String filterSubject, External external) {
    }

    /** A source in another account or domain, reached through its API and delivery prefixes. */
    public record External(String api, String deliver) {
    }

    /** Where a clustered stream's replicas may live. */
    public record Placement(String cluster, List<String> tags) {
    }

    /** Messages stored are also published to {@code dest} (mapped from {@code src}). */
    public record RePublish(String src, String dest, boolean headersOnly) {
    }

    StreamConfig withSubjects(List<String> s) {
        return new StreamConfig(name, description, s, retention, maxConsumers, maxMsgs, maxBytes, maxAgeNanos,
                maxMsgsPerSubject, maxMsgSize, discard, storage, replicas, noAck, templateOwner, duplicateWindowNanos,
                placement, mirror, sources, republish, allowDirect, mirrorDirect, discardNewPerSubject, sealed, denyDelete,
                denyPurge, allowRollup);
    }
}
