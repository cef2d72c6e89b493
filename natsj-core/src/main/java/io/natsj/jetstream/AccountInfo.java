package io.natsj.jetstream;

import io.natsj.protocol.GoJsonWriter;
import io.natsj.auth.JetStreamLimits;

/** $JS.API.INFO (nats-server's jsAccountInfoRequest): the account's usage, limits and API counters. */
final class AccountInfo implements ApiHandler {
    private final JetStreamConfig config;

    AccountInfo(JetStreamConfig config) {
        this.config = config;
    }

    @Override
    public ApiAnswer handle(ApiRequest r) {
        JsAccount a = r.account();
        if (a == null) {
            // nats-server answers with sendAPIResponse here: an error in the body, not counted as one
            // (an account without JetStream has no counters anyway).
            return ApiAnswer.ok(ApiAnswer.errorJson(ApiSubjects.ACCOUNT_INFO_RESPONSE, ApiErrors.NOT_ENABLED_FOR_ACCOUNT));
        }
        GoJsonWriter j = new GoJsonWriter(false).begin().field("type", ApiSubjects.ACCOUNT_INFO_RESPONSE);
        j.field("memory", a.memory()).field("storage", a.storage()).field("streams", a.streamCount())
                .field("consumers", a.consumers());
        limits(j, a.limits());
        j.optional("domain", config.domain());
        j.object("api").field("total", a.apiTotal()).field("errors", a.apiErrors()).end();
        return ApiAnswer.ok(j.end().toString());
    }

    /** nats-server's JetStreamAccountLimits. */
    static void limits(GoJsonWriter j, JetStreamLimits l) {
        j.object("limits").field("max_memory", l.maxMemory()).field("max_storage", l.maxStore())
                .field("max_streams", l.maxStreams()).field("max_consumers", l.maxConsumers())
                .field("max_ack_pending", l.maxAckPending())
                .field("memory_max_stream_bytes", l.memoryMaxStreamBytes())
                .field("storage_max_stream_bytes", l.storeMaxStreamBytes())
                .field("max_bytes_required", l.maxBytesRequired()).end();
    }
}
