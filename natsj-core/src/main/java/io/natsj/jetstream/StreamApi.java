package io.natsj.jetstream;

import io.natsj.protocol.GoJson;
import io.natsj.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.time.Instant;
import java.util.List;

/**
 * The stream management requests of nats-server 2.9's JetStream API on a single server:
 * STREAM.CREATE, INFO, DELETE, NAMES and LIST, with its answers and errors.
 */
final class StreamApi {
    static final String INFO = "$JS.API.STREAM.INFO.*";
    static final String DELETE = "$JS.API.STREAM.DELETE.*";
    static final String NAMES = "$JS.API.STREAM.NAMES";
    static final String LIST = "$JS.API.STREAM.LIST";
    static final String DELETE_TYPE = "io.nats.jetstream.api.v1.stream_delete_response";
    static final String NAMES_TYPE = "io.nats.jetstream.api.v1.stream_names_response";
    static final String PURGE = "$JS.API.STREAM.PURGE.*";
    static final String MSG_GET = "$JS.API.STREAM.MSG.GET.*";
    static final String MSG_DELETE = "$JS.API.STREAM.MSG.DELETE.*";
    static final String PURGE_TYPE = "io.nats.jetstream.api.v1.stream_purge_response";
    static final String MSG_GET_TYPE = "io.nats.jetstream.api.v1.stream_msg_get_response";
    static final String MSG_DELETE_TYPE = "io.nats.jetstream.api.v1.stream_msg_delete_response";
    static final String LIST_TYPE = "io.nats.jetstream.api.v1.stream_list_response";
    /** nats-server's JSApiNamesLimit and JSApiListLimit. */
    static final int NAMES_LIMIT = 1024;
    static final int LIST_LIMIT = 256;

    private final String domain;

    StreamApi(String domain) {
        this.domain = domain;
    }

    void register(JetStreamApi api) {
        api.register(ApiSubjects.STREAM_CREATE, this::create);
        api.register(INFO, this::info);
        api.register(DELETE, this::delete);
        api.register(NAMES, this::names);
        api.register(LIST, this::list);
        api.register(PURGE, this::purge);
        api.register(MSG_GET, this::msgGet);
        api.register(MSG_DELETE, this::msgDelete);
    }

    /** nats-server's isEmptyRequest: no body, or an object without members. */
    private static boolean isEmpty(byte[] body) {
        if (body.length == 0) {
            return true;
        }
        try {
            Object v = GoJson.parse(new String(body, StandardCharsets.UTF_8));
            return v instanceof GoJson.Obj o && o.members().isEmpty();
        } catch (GoJson.SyntaxError e) {
            return false;
        }
    }

    /** STREAM.PURGE: all, or by filter, up to a sequence, or keeping the newest. */
    private ApiAnswer purge(ApiRequest r) {
        if (r.account() == null) {
            return ApiAnswer.error(PURGE_TYPE, ApiErrors.NOT_ENABLED_FOR_ACCOUNT);
        }
        String filter = null;
        long seq = 0;
        long keep = 0;
        if (!isEmpty(r.body())) {
            try {
                GoJson.Struct req = GoJson.struct("server.JSApiStreamPurgeRequest", new String(r.body(), StandardCharsets.UTF_8));
                seq = req.unsigned("seq", "uint64", 64);
                filter = req.string("filter");
                keep = req.unsigned("keep", "uint64", 64);
            } catch (GoJson.SyntaxError | GoJson.TypeError e) {
                return ApiAnswer.error(PURGE_TYPE, ApiErrors.INVALID_JSON);
            }
            if (seq > 0 && keep > 0) {
                return ApiAnswer.error(PURGE_TYPE, ApiErrors.BAD_REQUEST);
            }
        }
        Stream s = r.account().streams().get(r.token(4));
        if (s == null) {
            return ApiAnswer.error(PURGE_TYPE, ApiErrors.STREAM_NOT_FOUND);
        }
        if (s.config().sealed()) {
            return ApiAnswer.error(PURGE_TYPE, ApiErrors.STREAM_SEALED);
        }
        if (s.config().denyPurge()) {
            return ApiAnswer.error(PURGE_TYPE, ApiErrors.streamPurgeFailed("stream purge not permitted"));
        }
        long purged;
        try {
            purged = s.store.purge(filter == null || filter.isEmpty() ? null : filter, seq, keep);
        } catch (RuntimeException e) {
            return ApiAnswer.ok(ApiAnswer.errorJson(PURGE_TYPE, ApiErrors.streamGeneralError(String.valueOf(e.getMessage()))));
        }
        return ApiAnswer.ok("{\"type\":\"" + PURGE_TYPE + "\",\"success\":true,\"purged\":" + Long.toUnsignedString(purged) + "}");
    }

    /** STREAM.MSG.GET: by sequence, last by subject, or next by subject from a sequence. */
    private ApiAnswer msgGet(ApiRequest r) {
        if (r.account() == null) {
            return ApiAnswer.error(MSG_GET_TYPE, ApiErrors.NOT_ENABLED_FOR_ACCOUNT);
        }
        if (isEmpty(r.body())) {
            return ApiAnswer.error(MSG_GET_TYPE, ApiErrors.BAD_REQUEST);
        }
        long seq;
        String lastFor;
        String nextFor;
        try {
            GoJson.Struct req = GoJson.struct("server.JSApiMsgGetRequest", new String(r.body(), StandardCharsets.UTF_8));
            seq = req.unsigned("seq", "uint64", 64);
            lastFor = req.string("last_by_subj");
            nextFor = req.string("next_by_subj");
        } catch (GoJson.SyntaxError | GoJson.TypeError e) {
            return ApiAnswer.error(MSG_GET_TYPE, ApiErrors.INVALID_JSON);
        }
        if (seq > 0 && !lastFor.isEmpty() || seq == 0 && lastFor.isEmpty() && nextFor.isEmpty()
                || !lastFor.isEmpty() && !nextFor.isEmpty()) {
            return ApiAnswer.error(MSG_GET_TYPE, ApiErrors.BAD_REQUEST);
        }
        Stream s = r.account().streams().get(r.token(5));
        if (s == null) {
            return ApiAnswer.error(MSG_GET_TYPE, ApiErrors.STREAM_NOT_FOUND);
        }
        io.natsj.store.StoredMessage m;
        try {
            m = seq > 0 && nextFor.isEmpty() ? s.store.load(seq)
                    : !nextFor.isEmpty() ? s.store.loadNext(nextFor, seq) : s.store.loadLast(lastFor);
        } catch (RuntimeException e) {
            m = null; // a damaged record is never served
        }
        if (m == null) {
            return ApiAnswer.error(MSG_GET_TYPE, ApiErrors.NO_MESSAGE_FOUND);
        }
        StringBuilder sb = new StringBuilder(128 + m.payload().length * 4 / 3).append("{\"type\":\"").append(MSG_GET_TYPE)
                .append("\",\"message\":{\"subject\":");
        Json.quote(sb, m.subject());
        sb.append(",\"seq\":").append(Long.toUnsignedString(m.seq()));
        if (m.headers().length > 0) {
            sb.append(",\"hdrs\":\"").append(Base64.getEncoder().encodeToString(m.headers())).append('"');
        }
        if (m.payload().length > 0) {
            sb.append(",\"data\":\"").append(Base64.getEncoder().encodeToString(m.payload())).append('"');
        }
        Instant t = Instant.ofEpochSecond(m.timestamp() / 1_000_000_000L, m.timestamp() % 1_000_000_000L);
        sb.append(",\"time\":\"").append(StreamConfigJson.rfc3339(t)).append("\"}}");
        return ApiAnswer.ok(sb.toString());
    }

    /** STREAM.MSG.DELETE: erased unless no_erase. */
    private ApiAnswer msgDelete(ApiRequest r) {
        if (r.account() == null) {
            return ApiAnswer.error(MSG_DELETE_TYPE, ApiErrors.NOT_ENABLED_FOR_ACCOUNT);
        }
        if (isEmpty(r.body())) {
            return ApiAnswer.error(MSG_DELETE_TYPE, ApiErrors.BAD_REQUEST);
        }
        long seq;
        boolean noErase;
        try {
            GoJson.Struct req = GoJson.struct("server.JSApiMsgDeleteRequest", new String(r.body(), StandardCharsets.UTF_8));
            seq = req.unsigned("seq", "uint64", 64);
            noErase = req.bool("no_erase");
        } catch (GoJson.SyntaxError | GoJson.TypeError e) {
            return ApiAnswer.error(MSG_DELETE_TYPE, ApiErrors.INVALID_JSON);
        }
        Stream s = r.account().streams().get(r.token(5));
        if (s == null) {
            return ApiAnswer.error(MSG_DELETE_TYPE, ApiErrors.STREAM_NOT_FOUND);
        }
        if (s.config().sealed()) {
            return ApiAnswer.error(MSG_DELETE_TYPE, ApiErrors.STREAM_SEALED);
        }
        if (s.config().denyDelete()) {
            return ApiAnswer.error(MSG_DELETE_TYPE, ApiErrors.streamMsgDeleteFailed("message delete not permitted"));
        }
        boolean removed;
        try {
            removed = noErase ? s.store.remove(seq) : s.store.erase(seq);
        } catch (RuntimeException e) {
            return ApiAnswer.ok(ApiAnswer.errorJson(MSG_DELETE_TYPE, ApiErrors.streamMsgDeleteFailed(String.valueOf(e.getMessage()))));
        }
        if (!removed) {
            return ApiAnswer.ok(ApiAnswer.errorJson(MSG_DELETE_TYPE, ApiErrors.sequenceNotFound(seq)));
        }
        return ApiAnswer.ok("{\"type\":\"" + MSG_DELETE_TYPE + "\",\"success\":true}");
    }

    private ApiAnswer create(ApiRequest r) {
        if (r.account() == null) {
            return ApiAnswer.error(StreamInfoJson.CREATE_TYPE, ApiErrors.NOT_ENABLED_FOR_ACCOUNT);
        }
        Streams streams = r.account().streams();
        String name = r.token(4);
        try {
            StreamConfig c = StreamCreate.validate(name, new String(r.body(), java.nio.charset.StandardCharsets.UTF_8),
                    streams::config, r.account().limits().maxBytesRequired(), r.account().limits().memoryMaxStreamBytes(),
                    r.account().limits().storeMaxStreamBytes());
            int max = (int) r.account().limits().maxStreams();
            if (max > 0 && streams.get(name) == null && streams.count() >= max) {
                return ApiAnswer.error(StreamInfoJson.CREATE_TYPE, ApiErrors.MAXIMUM_STREAMS_LIMIT);
            }
            Stream s = streams.create(c);
            return ApiAnswer.ok(StreamInfoJson.createResponse(s.config(), s.created, state(s), domain, true));
        } catch (StreamConfigCheck.Invalid e) {
            return ApiAnswer.error(StreamInfoJson.CREATE_TYPE, e.error);
        }
    }

    private ApiAnswer info(ApiRequest r) {
        if (r.account() == null) {
            return ApiAnswer.error(StreamInfoJson.INFO_TYPE, ApiErrors.NOT_ENABLED_FOR_ACCOUNT);
        }
        Stream s = r.account().streams().get(r.token(4));
        if (s == null) {
            return ApiAnswer.error(StreamInfoJson.INFO_TYPE, ApiErrors.STREAM_NOT_FOUND);
        }
        return ApiAnswer.ok(StreamInfoJson.infoResponse(s.config(), s.created, state(s), domain, 0, 0, 0));
    }

    private ApiAnswer delete(ApiRequest r) {
        if (r.account() == null) {
            return ApiAnswer.error(DELETE_TYPE, ApiErrors.NOT_ENABLED_FOR_ACCOUNT);
        }
        if (!r.account().streams().delete(r.token(4))) {
            return ApiAnswer.error(DELETE_TYPE, ApiErrors.STREAM_NOT_FOUND);
        }
        return ApiAnswer.ok("{\"type\":\"" + DELETE_TYPE + "\",\"success\":true}");
    }

    private ApiAnswer names(ApiRequest r) {
        if (r.account() == null) {
            return ApiAnswer.error(NAMES_TYPE, ApiErrors.NOT_ENABLED_FOR_ACCOUNT);
        }
        List<Stream> all = r.account().streams().all();
        StringBuilder sb = new StringBuilder(256).append("{\"type\":\"").append(NAMES_TYPE).append("\",\"total\":")
                .append(all.size()).append(",\"offset\":0,\"limit\":").append(NAMES_LIMIT).append(",\"streams\":");
        if (all.isEmpty()) {
            sb.append("null");
        } else {
            sb.append('[');
            for (int i = 0; i < all.size() && i < NAMES_LIMIT; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Json.quote(sb, all.get(i).name());
            }
            sb.append(']');
        }
        return ApiAnswer.ok(sb.append('}').toString());
    }

    private ApiAnswer list(ApiRequest r) {
        if (r.account() == null) {
            return ApiAnswer.error(LIST_TYPE, ApiErrors.NOT_ENABLED_FOR_ACCOUNT);
        }
        List<Stream> all = r.account().streams().all();
        StringBuilder sb = new StringBuilder(1024).append("{\"type\":\"").append(LIST_TYPE).append("\",\"total\":")
                .append(all.size()).append(",\"offset\":0,\"limit\":").append(LIST_LIMIT).append(",\"streams\":[");
        for (int i = 0; i < all.size() && i < LIST_LIMIT; i++) {
            if (i > 0) {
                sb.append(',');
            }
            Stream s = all.get(i);
            sb.append('{');
            StreamInfoJson.info(sb, s.config(), s.created, state(s), domain);
            sb.append('}');
        }
        return ApiAnswer.ok(sb.append("]}").toString());
    }

    /** The store's state in the API's terms (consumers come with part 2). */
    static StreamState state(Stream s) {
        io.natsj.store.StreamState st = s.store.state(false);
        return new StreamState(st.msgs(), st.bytes(), st.firstSeq(), time(st.firstTime()), st.lastSeq(),
                time(st.lastTime()), st.numSubjects(), new java.util.TreeMap<>(), (int) st.numDeleted(), List.of(),
                st.lost() == null ? null : new StreamState.Lost(longs(st.lost().msgs()), st.lost().bytes()), 0);
    }

    private static Instant time(long nanos) {
        return nanos == 0 ? null : Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }

    private static List<Long> longs(long[] a) {
        List<Long> out = new java.util.ArrayList<>(a.length);
        for (long v : a) {
            out.add(v);
        }
        return out;
    }
}
