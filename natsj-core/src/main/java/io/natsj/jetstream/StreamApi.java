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

    static final String UPDATE = "$JS.API.STREAM.UPDATE.*";
    static final String UPDATE_TYPE = "io.nats.jetstream.api.v1.stream_update_response";

    /** What a paged answer carries after an error: its zero paging figures (and its list, if any). */
    private static final String PAGED = ",\"total\":0,\"offset\":0,\"limit\":0";

    private final JetStream js;
    private final String domain;

    StreamApi(JetStream js) {
        this.js = js;
        this.domain = js.config().domain();
    }

    void register(JetStreamApi api) {
        api.register(ApiSubjects.STREAM_CREATE, this::create);
        api.register(UPDATE, this::update);
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
        // nats-server's purge: consumers move past what went (those whose filter the purge's subject does not
        // match are left alone when a request was given, even one without a subject).
        io.natsj.store.StreamState after = s.store.state(false);
        long fseq = after.firstSeq();
        if (filter != null && !filter.isEmpty()) {
            fseq = s.store.filteredState(after.firstSeq(), filter).first();
        }
        String trimmed = new String(r.body(), StandardCharsets.UTF_8).strip();
        boolean request = trimmed.startsWith("{") || trimmed.startsWith("[");
        s.consumers().purged(fseq, after.lastSeq(), request ? (filter == null ? "" : filter) : null);
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
        return ApiAnswer.quiet(sb.toString());
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

    /**
     * STREAM.CREATE in nats-server's order: the request's own checks, the account's limits on the
     * configuration as sent (stream count, reservations), the configuration checks and defaults, then
     * an existing stream of the name, the limits again on the defaulted configuration, and overlaps.
     */
    private ApiAnswer create(ApiRequest r) {
        if (r.account() == null) {
            return ApiAnswer.error(StreamInfoJson.CREATE_TYPE, ApiErrors.NOT_ENABLED_FOR_ACCOUNT);
        }
        Streams streams = r.account().streams();
        io.natsj.auth.JetStreamLimits limits = r.account().limits();
        try {
            StreamConfig raw = StreamCreate.decode(r.token(4), new String(r.body(), StandardCharsets.UTF_8));
            long max = limits.maxStreams();
            if (max > 0 && streams.count() >= max) {
                return ApiAnswer.error(StreamInfoJson.CREATE_TYPE, ApiErrors.MAXIMUM_STREAMS_LIMIT);
            }
            ApiError refused = createLimits(r.account(), raw);
            if (refused != null) {
                return ApiAnswer.error(StreamInfoJson.CREATE_TYPE, refused);
            }
            StreamConfig c = StreamCreate.check(raw, streams::config, limits.maxBytesRequired(), limits.memoryMaxStreamBytes(),
                    limits.storeMaxStreamBytes());
            boolean existed = streams.get(c.name()) != null;
            Stream s = streams.create(c, cfg -> createLimits(r.account(), cfg));
            ApiAnswer a = ApiAnswer.ok(StreamInfoJson.createResponse(s.config(), s.created, state(s), null, true));
            if (existed) {
                return a;
            }
            streams.runFeeds(s); // after the answer's state was taken, as nats-server's consumers start later
            return a.with(s.name(), Advisories.CREATE);
        } catch (StreamConfigCheck.Invalid e) {
            return ApiAnswer.error(StreamInfoJson.CREATE_TYPE, e.error);
        }
    }

    private ApiError createLimits(JsAccount a, StreamConfig c) {
        return Resources.check(a.limits(), js.config(), c, c.maxBytes(),
                Resources.reserved(a.streams().all(), c.storage(), c.name()), js.reserved(c.storage()), 0);
    }

    /**
     * STREAM.UPDATE in nats-server's order: decoded, checked as a configuration, named as in the
     * subject, found, then what an update may not change (nats-server's configUpdateCheck), the
     * limits on the bytes it adds, overlaps, and applied.
     */
    private ApiAnswer update(ApiRequest r) {
        if (r.account() == null) {
            return ApiAnswer.error(UPDATE_TYPE, ApiErrors.NOT_ENABLED_FOR_ACCOUNT);
        }
        Streams streams = r.account().streams();
        io.natsj.auth.JetStreamLimits limits = r.account().limits();
        try {
            StreamConfig raw;
            try {
                raw = StreamConfigJson.decode(new String(r.body(), StandardCharsets.UTF_8));
            } catch (StreamConfigJson.InvalidJson e) {
                return ApiAnswer.error(UPDATE_TYPE, ApiErrors.INVALID_JSON);
            }
            long maxStreamBytes = raw.storage() == StreamConfig.Storage.MEMORY ? limits.memoryMaxStreamBytes()
                    : limits.storeMaxStreamBytes();
            StreamConfig c = StreamConfigCheck.check(raw, streams::config, limits.maxBytesRequired(), maxStreamBytes);
            if (!r.token(4).equals(c.name())) {
                return ApiAnswer.error(UPDATE_TYPE, ApiErrors.STREAM_MISMATCH);
            }
            Stream s = streams.get(c.name());
            if (s == null) {
                return ApiAnswer.error(UPDATE_TYPE, ApiErrors.STREAM_NOT_FOUND);
            }
            StreamConfig old = s.config();
            c = StreamUpdate.check(old, c);
            long diff = Math.max(0, c.maxBytes() - old.maxBytes());
            long offset = old.maxBytes() > 0 ? old.maxBytes() * Math.max(0, c.replicas() - old.replicas()) : 0;
            long accountReserved = Resources.reserved(streams.all(), c.storage(), c.name())
                    + Math.max(1, old.replicas()) * old.maxBytes();
            ApiError refused = Resources.check(limits, js.config(), c, diff, accountReserved, js.reserved(c.storage()), offset);
            if (refused != null) {
                return ApiAnswer.error(UPDATE_TYPE, refused);
            }
            streams.update(s, c);
            StringBuilder sb = new StringBuilder(1024).append("{\"type\":\"").append(UPDATE_TYPE).append("\",");
            streams.updateFeeds(s);
            StreamInfoJson.info(sb, s.config(), s.created, state(s), domain, streams.feeds(s));
            ApiAnswer answer = ApiAnswer.ok(sb.append('}').toString()).with(s.name(), Advisories.MODIFY);
            streams.runFeeds(s);
            return answer;
        } catch (StreamConfigCheck.Invalid e) {
            return ApiAnswer.error(UPDATE_TYPE, e.error);
        }
    }

    /** nats-server's JSMaxSubjectDetails: the subjects one INFO answer lists at most. */
    static final int MAX_SUBJECT_DETAILS = 100_000;

    /** STREAM.INFO, with deleted_details and subjects_filter paged by offset as nats-server pages them. */
    private ApiAnswer info(ApiRequest r) {
        if (r.account() == null) {
            return ApiAnswer.error(StreamInfoJson.INFO_TYPE, ApiErrors.NOT_ENABLED_FOR_ACCOUNT, PAGED);
        }
        boolean details = false;
        String filter = "";
        long offset = 0;
        if (!isEmpty(r.body())) {
            try {
                GoJson.Struct req = GoJson.struct("server.JSApiStreamInfoRequest", new String(r.body(), StandardCharsets.UTF_8));
                details = req.bool("deleted_details");
                filter = req.string("subjects_filter");
                offset = Math.max(0, req.integer("offset"));
            } catch (GoJson.SyntaxError | GoJson.TypeError e) {
                return ApiAnswer.error(StreamInfoJson.INFO_TYPE, ApiErrors.INVALID_JSON, PAGED);
            }
        }
        Stream s = r.account().streams().get(r.token(4));
        if (s == null) {
            return ApiAnswer.error(StreamInfoJson.INFO_TYPE, ApiErrors.STREAM_NOT_FOUND, PAGED);
        }
        io.natsj.store.StreamState st = s.store.state(details);
        java.util.TreeMap<String, Long> subjects = new java.util.TreeMap<>();
        int total = 0;
        int limit = 0;
        if (!filter.isEmpty()) {
            java.util.Map<String, io.natsj.store.SimpleState> mss = s.store.subjectsState(filter);
            if (!mss.isEmpty()) {
                List<String> sorted = new java.util.ArrayList<>(mss.keySet());
                java.util.Collections.sort(sorted);
                offset = Math.min(offset, sorted.size());
                int end = (int) Math.min(offset + MAX_SUBJECT_DETAILS, sorted.size());
                for (String subj : sorted.subList((int) offset, end)) {
                    subjects.put(subj, mss.get(subj).msgs());
                }
                total = mss.size();
                limit = MAX_SUBJECT_DETAILS;
            } else {
                offset = 0;
            }
        } else {
            offset = 0;
        }
        return ApiAnswer.ok(StreamInfoJson.infoResponse(s.config(), s.created, state(st, subjects, s.consumers().count()), domain, total,
                (int) offset, limit, r.account().streams().feeds(s)));
    }

    private ApiAnswer delete(ApiRequest r) {
        if (r.account() == null) {
            return ApiAnswer.error(DELETE_TYPE, ApiErrors.NOT_ENABLED_FOR_ACCOUNT);
        }
        if (!r.account().streams().delete(r.token(4))) {
            return ApiAnswer.error(DELETE_TYPE, ApiErrors.STREAM_NOT_FOUND);
        }
        return ApiAnswer.ok("{\"type\":\"" + DELETE_TYPE + "\",\"success\":true}").with(r.token(4), Advisories.DELETE);
    }

    /** The offset and subject filter of a NAMES or LIST request; null when its JSON does not decode. */
    private record Page(int offset, String subject) {
        static Page of(byte[] body, String goType) {
            if (isEmpty(body)) {
                return new Page(0, "");
            }
            try {
                GoJson.Struct req = GoJson.struct(goType, new String(body, StandardCharsets.UTF_8));
                return new Page((int) Math.max(0, Math.min(Integer.MAX_VALUE, req.integer("offset"))), req.string("subject"));
            } catch (GoJson.SyntaxError | GoJson.TypeError e) {
                return null;
            }
        }

        /** The account's streams, by name, that the subject filter picks (nats-server's filteredStreams). */
        List<Stream> streams(Streams all) {
            List<Stream> out = new java.util.ArrayList<>();
            for (Stream s : all.all()) {
                if (subject.isEmpty() || s.config().subjects().stream().anyMatch(x -> StreamConfigCheck.collide(subject, x))) {
                    out.add(s);
                }
            }
            return out;
        }
    }

    private ApiAnswer names(ApiRequest r) {
        if (r.account() == null) {
            return ApiAnswer.error(NAMES_TYPE, ApiErrors.NOT_ENABLED_FOR_ACCOUNT, PAGED + ",\"streams\":null");
        }
        Page page = Page.of(r.body(), "server.JSApiStreamNamesRequest");
        if (page == null) {
            return ApiAnswer.error(NAMES_TYPE, ApiErrors.INVALID_JSON, PAGED + ",\"streams\":null");
        }
        List<Stream> all = page.streams(r.account().streams());
        int offset = Math.min(page.offset(), all.size());
        StringBuilder sb = new StringBuilder(256).append("{\"type\":\"").append(NAMES_TYPE).append("\",\"total\":")
                .append(all.size()).append(",\"offset\":").append(offset).append(",\"limit\":").append(NAMES_LIMIT)
                .append(",\"streams\":");
        if (offset == all.size()) {
            sb.append("null");
        } else {
            sb.append('[');
            for (int i = offset; i < all.size() && i < offset + NAMES_LIMIT; i++) {
                if (i > offset) {
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
            return ApiAnswer.error(LIST_TYPE, ApiErrors.NOT_ENABLED_FOR_ACCOUNT, PAGED + ",\"streams\":[]");
        }
        Page page = Page.of(r.body(), "server.JSApiStreamListRequest");
        if (page == null) {
            return ApiAnswer.error(LIST_TYPE, ApiErrors.INVALID_JSON, PAGED + ",\"streams\":[]");
        }
        List<Stream> all = page.streams(r.account().streams());
        int offset = Math.min(page.offset(), all.size());
        StringBuilder sb = new StringBuilder(1024).append("{\"type\":\"").append(LIST_TYPE).append("\",\"total\":")
                .append(all.size()).append(",\"offset\":").append(offset).append(",\"limit\":").append(LIST_LIMIT)
                .append(",\"streams\":[");
        for (int i = offset; i < all.size() && i < offset + LIST_LIMIT; i++) {
            if (i > offset) {
                sb.append(',');
            }
            Stream s = all.get(i);
            sb.append('{');
            StreamInfoJson.info(sb, s.config(), s.created, state(s), domain, r.account().streams().feeds(s));
            sb.append('}');
        }
        return ApiAnswer.ok(sb.append("]}").toString());
    }

    /** The store's state in the API's terms (consumers come with part 2). */
    static StreamState state(Stream s) {
        return state(s.store.state(false), new java.util.TreeMap<>(), s.consumers().count());
    }

    /** With the deleted sequences when the store state holds them, and the given subject counts. */
    static StreamState state(io.natsj.store.StreamState st, java.util.SortedMap<String, Long> subjects, int consumers) {
        // A stream that never held a message shows first_seq 0, as nats-server's stores start.
        long first = st.lastSeq() == 0 && st.msgs() == 0 ? 0 : st.firstSeq();
        return new StreamState(st.msgs(), st.bytes(), first, time(st.firstTime()), st.lastSeq(),
                time(st.lastTime()), st.numSubjects(), subjects, (int) st.numDeleted(),
                st.deleted() == null ? List.of() : longs(st.deleted()),
                st.lost() == null ? null : new StreamState.Lost(longs(st.lost().msgs()), st.lost().bytes()), consumers);
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
