package io.natsj.jetstream;

import java.util.function.Function;

/**
 * The checks of nats-server 2.9's $JS.API.STREAM.CREATE.<name> on a single server, before anything
 * is stored: the body decodes, names the stream the subject names, is not sealed, then
 * {@link StreamConfigCheck}, then no replicas (one server). Its answer for each refusal.
 */
final class StreamCreate {
    private StreamCreate() {
    }

    /**
     * The configuration to create, nats-server's defaults applied.
     *
     * @param streamName the last token of the request subject
     * @param existing the account's streams by name (null for none)
     * @param memoryMaxStreamBytes the account's max_bytes limit for memory streams; 0 or less for none
     * @param storeMaxStreamBytes the same for file streams
     */
    static StreamConfig validate(String streamName, String body, Function<String, StreamConfig> existing,
            boolean maxBytesRequired, long memoryMaxStreamBytes, long storeMaxStreamBytes) throws StreamConfigCheck.Invalid {
        return check(decode(streamName, body), existing, maxBytesRequired, memoryMaxStreamBytes, storeMaxStreamBytes);
    }

    /** The request's configuration as sent, with the checks nats-server makes before the account's limits. */
    static StreamConfig decode(String streamName, String body) throws StreamConfigCheck.Invalid {
        StreamConfig c;
        try {
            c = StreamConfigJson.decode(body);
        } catch (StreamConfigJson.InvalidJson e) {
            throw new StreamConfigCheck.Invalid(ApiErrors.INVALID_JSON);
        }
        if (!streamName.equals(c.name())) {
            throw new StreamConfigCheck.Invalid(ApiErrors.STREAM_MISMATCH);
        }
        if (streamName.contains("/") || streamName.contains("\\")) {
            throw new StreamConfigCheck.Invalid(ApiErrors.STREAM_NAME_CONTAINS_PATH_SEPARATORS);
        }
        if (c.sealed()) {
            throw StreamConfigCheck.Invalid.config("stream configuration for create can not be sealed");
        }
        if (c.mirrorDirect() && c.mirror() == null) {
            throw StreamConfigCheck.Invalid.config("stream has no mirror but does have mirror direct");
        }
        return c;
    }

    /** nats-server's checkStreamCfg with its defaults applied, then no replicas (one server). */
    static StreamConfig check(StreamConfig c, Function<String, StreamConfig> existing, boolean maxBytesRequired,
            long memoryMaxStreamBytes, long storeMaxStreamBytes) throws StreamConfigCheck.Invalid {
        // nats-server's maxBytesLimits: the account's limit for the stream's kind of storage.
        long maxStreamBytes = c.storage() == StreamConfig.Storage.MEMORY ? memoryMaxStreamBytes : storeMaxStreamBytes;
        StreamConfig checked = StreamConfigCheck.check(c, existing, maxBytesRequired, maxStreamBytes);
        if (checked.replicas() > 1) {
            throw new StreamConfigCheck.Invalid(ApiErrors.STREAM_REPLICAS_NOT_SUPPORTED);
        }
        return checked;
    }
}
