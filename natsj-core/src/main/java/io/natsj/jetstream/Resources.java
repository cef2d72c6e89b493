package io.natsj.jetstream;

import io.natsj.auth.JetStreamLimits;

/**
 * The resource checks of a stream create or update on a single server (nats-server's
 * jsNonClusteredStreamLimitsCheck, tieredReservation and checkLimits): the account's maximum
 * consumers, and the bytes streams reserve with max_bytes against the account's max_memory or
 * max_file and the server's max_memory_store or max_file_store.
 *
 * <p>Accounts here have no tiers: every stream of an account shares its one set of limits.
 */
final class Resources {
    private Resources() {
    }

    /** What streams reserve: the sum of max_bytes (times replicas) of those with a limit. */
    static long reserved(Iterable<Stream> streams, StreamConfig.Storage storage, String except) {
        long n = 0;
        for (Stream s : streams) {
            StreamConfig c = s.config();
            if (c.maxBytes() > 0 && c.storage() == storage && !c.name().equals(except)) {
                n += Math.max(1, c.replicas()) * c.maxBytes();
            }
        }
        return n;
    }

    /**
     * nats-server's checkLimits with checkServer set.
     *
     * @param addBytes the bytes the stream adds to the reservation (its max_bytes, or an update's increase)
     * @param accountReserved what the account's other streams of this storage reserve
     * @param serverReserved what every stream of this storage on the server reserves
     * @param maxBytesOffset the extra an update's added replicas reserve
     * @return nats-server's error, or null when it fits
     */
    static ApiError check(JetStreamLimits account, JetStreamConfig server, StreamConfig c, long addBytes,
            long accountReserved, long serverReserved, long maxBytesOffset) {
        if (c.maxConsumers() > 0 && account.maxConsumers() > 0 && c.maxConsumers() > account.maxConsumers()) {
            return ApiErrors.MAXIMUM_CONSUMERS_LIMIT;
        }
        long replicas = Math.max(1, c.replicas());
        long add = addBytes < 0 ? 1 : addBytes;
        long total = add * replicas + maxBytesOffset;
        if (c.storage() == StreamConfig.Storage.MEMORY) {
            if (account.maxMemory() >= 0 && accountReserved + total > account.maxMemory()
                    || serverReserved + add > server.maxMemory()) {
                return ApiErrors.MEMORY_RESOURCES_EXCEEDED;
            }
        } else if (account.maxStore() >= 0 && accountReserved + total > account.maxStore()
                || serverReserved + add > server.maxStore()) {
            return ApiErrors.STORAGE_RESOURCES_EXCEEDED;
        }
        return null;
    }
}
