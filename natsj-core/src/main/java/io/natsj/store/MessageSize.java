package io.natsj.store;

/**
 * A message's stored size as nats-server counts it toward "bytes" and max_bytes, which differs by
 * storage type: each store counts as its nats-server counterpart so stream info matches.
 */
enum MessageSize {
    /** memstore.go's memStoreMsgSize: subject, header, payload plus 16 for sequence and time. */
    MEMORY {
        @Override
        int of(int subjectLength, int headerLength, int payloadLength) {
            return subjectLength + headerLength + payloadLength + 16;
        }
    },
    /** filestore.go's fileStoreMsgSize: its record framing, 4 more with a header. */
    FILE {
        @Override
        int of(int subjectLength, int headerLength, int payloadLength) {
            int size = 22 + subjectLength + payloadLength + 8;
            return headerLength == 0 ? size : size + 4 + headerLength;
        }
    };

    /** Subject length in bytes as UTF-8; subjects are ASCII in practice. */
    abstract int of(int subjectLength, int headerLength, int payloadLength);

    int of(String subject, byte[] headers, byte[] payload) {
        return of(Utf8.length(subject), headers.length, payload.length);
    }
}
