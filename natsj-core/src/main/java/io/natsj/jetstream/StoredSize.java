package io.natsj.jetstream;

/**
 * How many bytes nats-server counts for a stored message in a stream's "bytes" (and so in max_bytes
 * and account storage): its record size in its own file or memory store, whatever natsj's store
 * actually takes, so that limits and reported figures are the same on both servers.
 */
final class StoredSize {
    private StoredSize() {
    }

    /** fileStoreMsgSize: length(4) + seq(8) + ts(8) + subject length(2) + subject [+ hdr length(4) + hdr] + msg + hash(8). */
    static long file(int subjectLength, int headerLength, int payloadLength) {
        long base = 22L + subjectLength + payloadLength + 8;
        return headerLength == 0 ? base : base + 4 + headerLength;
    }

    /** memStoreMsgSize: subject + hdr + msg + seq and timestamp (16). */
    static long memory(int subjectLength, int headerLength, int payloadLength) {
        return (long) subjectLength + headerLength + payloadLength + 16;
    }
}
