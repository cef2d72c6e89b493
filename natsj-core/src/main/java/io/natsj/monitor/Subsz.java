package io.natsj.monitor;

import io.natsj.protocol.GoJsonWriter;
import io.natsj.routing.SubjectMapping;
import io.natsj.routing.Subjects;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * /subsz (and /subscriptionsz): nats-server 2.9.10's Subsz. Over HTTP nats-server answers only the
 * index figures when the list is empty (not asked for, or nothing passed the test subject); the
 * system-account request always gets the whole document. "total" is the size of the page, as there.
 */
final class Subsz {
    /** nats-server's DefaultSubListSize. */
    static final int DEFAULT_LIMIT = 1024;

    private Subsz() {
    }

    /** nats-server's SubszOptions. */
    record Options(boolean subs, long offset, long limit, String account, String test) {
        static final Options DEFAULT = new Options(false, 0, 0, "", "");

        /** As nats-server's HandleSubsz decodes the query ("subs" is a plain boolean here). */
        static Options fromQuery(GoQuery q) throws MonitorRequestException {
            boolean subs = q.bool("subs");
            long offset = q.integer("offset");
            long limit = q.integer("limit");
            return new Options(subs, offset, limit, q.get("acc"), q.get("test"));
        }

        static Options fromJson(String json) throws MonitorRequestException {
            OptionsJson o = OptionsJson.parse("SubszEventOptions", json);
            return new Options(o.bool("subscriptions"), o.integer("offset"), o.integer("limit"), o.string("account"),
                    o.string("test"));
        }
    }

    /**
     * @param httpShape true for the monitoring port, which answers only the figures when the list is
     *     empty
     */
    static String render(MonitorSource source, Options o, Instant now, boolean indent, boolean httpShape)
            throws MonitorRequestException {
        long offset = Math.max(0, o.offset());
        long limit = o.limit() <= 0 ? DEFAULT_LIMIT : o.limit();
        String test = o.test();
        if (!test.isEmpty() && !isLiteral(test)) {
            throw new MonitorRequestException("invalid test subject, must be valid publish subject: " + test);
        }
        SublistStats stats = SublistStats.ZERO;
        List<SubDetail> details = new ArrayList<>();
        for (String name : source.accountNames()) {
            if (!o.account().isEmpty() && !o.account().equals(name)) {
                continue;
            }
            SublistStats s = source.sublistStats(name);
            if (s != null) {
                stats = stats.plus(s);
            }
            if (o.subs()) {
                for (SubDetail d : source.subscriptions(name)) {
                    if (test.isEmpty() || SubjectMapping.isSubset(test, d.subject())) {
                        details.add(d);
                    }
                }
            }
        }
        int from = (int) Math.min(offset, details.size());
        int to = (int) Math.min(offset + limit, details.size());
        List<SubDetail> page = details.subList(from, Math.max(from, to));

        GoJsonWriter j = new GoJsonWriter(indent).begin();
        if (httpShape && page.isEmpty()) {
            stats.writeFields(j);
            return j.end().toString();
        }
        j.field("server_id", source.serverId());
        j.field("now", GoFormats.time(now, ZoneOffset.UTC));
        stats.writeFields(j);
        j.field("total", page.size());
        j.field("offset", offset);
        j.field("limit", limit);
        if (!page.isEmpty()) {
            j.array("subscriptions_list");
            for (SubDetail d : page) {
                Connz.subDetail(j.element(), d, true).end();
            }
            j.endArray();
        }
        return j.end().toString();
    }

    private static boolean isLiteral(String subject) {
        byte[] b = subject.getBytes(StandardCharsets.ISO_8859_1);
        return Subjects.isValidLiteralSubject(b, 0, b.length);
    }
}
