package io.natsj.monitor;

import io.natsj.monitor.dashboard.Dashboard;
import io.natsj.monitor.metrics.Metrics;
import io.natsj.protocol.GoQuote;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring endpoints without the HTTP plumbing: a request's decoded path and query in, a
 * {@link Response} out. As nats-server's ServeMux: each endpoint answers its exact path under the base
 * path and any other path is "404 page not found". Each endpoint decodes its query into its options
 * record and calls its renderer ({@code Connz.render}, ...), the same renderers
 * {@link MonitorEndpoints} offers the system account's requests. A refused query or request is a 400
 * with nats-server's text; like nats-server, some endpoints count a request in http_req_stats before
 * decoding its query and some after (see {@link #endpoints}).
 */
final class MonitorRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorRoutes.class);

    static final String ROOT_PATH = "/";
    static final String VARZ_PATH = "/varz";
    static final String HEALTHZ_PATH = "/healthz";
    /** natsj's own endpoints, which nats-server does not have. */
    static final String METRICS_PATH = "/metrics";
    static final String DASHBOARD_PATH = "/dashboard";

    private static final Response NOT_FOUND = new Response(404, "text/plain; charset=utf-8", "404 page not found\n", true);

    static final String CONNZ_PATH = "/connz";
    static final String ROUTEZ_PATH = "/routez";
    static final String GATEWAYZ_PATH = "/gatewayz";
    static final String LEAFZ_PATH = "/leafz";
    static final String SUBSZ_PATH = "/subsz";
    /** nats-server's older name for /subsz, counted as /subsz. */
    static final String SUBSCRIPTIONSZ_PATH = "/subscriptionsz";
    static final String ACCOUNTZ_PATH = "/accountz";
    static final String ACCSTATZ_PATH = "/accstatz";
    static final String JSZ_PATH = "/jsz";
    /** Debugging endpoints nats-server serves without counting them in http_req_stats. */
    static final String STACKSZ_PATH = "/stacksz";
    static final String IPQUEUESZ_PATH = "/ipqueuesz";

    record Response(int status, String contentType, String body, boolean noSniff) {
    }

    private final MonitorSource source;
    private final String rootPath;
    private final String varzPath;
    private final String healthzPath;
    private final String metricsPath;
    private final String dashboardPath;
    /** Requests served per endpoint, as nats-server's http_req_stats. */
    private final Map<String, Long> reqStats = new ConcurrentHashMap<>();
    /** The JSON endpoints by their full path (under the base path). */
    private final Map<String, Endpoint> endpoints = new java.util.HashMap<>();

    /** One JSON endpoint: the query in, the document out (or nats-server's refusal). */
    private interface Endpoint {
        String serve(GoQuery query, Instant now) throws MonitorRequestException;
    }

    MonitorRoutes(MonitorSource source, String basePath) {
        this.source = source;
        String base = normalizeBasePath(basePath);
        this.rootPath = join(base, ROOT_PATH);
        this.varzPath = join(base, VARZ_PATH);
        this.healthzPath = join(base, HEALTHZ_PATH);
        this.metricsPath = join(base, METRICS_PATH);
        this.dashboardPath = join(base, DASHBOARD_PATH);

        // nats-server's handlers count /connz and /routez once the query has decoded, the others first.
        add(base, CONNZ_PATH, (q, now) -> {
            Connz.Options o = Connz.Options.fromQuery(q);
            count(CONNZ_PATH);
            return Connz.render(source, o, now, true);
        });
        add(base, ROUTEZ_PATH, (q, now) -> {
            Routez.Options o = Routez.Options.fromQuery(q);
            count(ROUTEZ_PATH);
            return Routez.render(source, o, now, true);
        });
        Endpoint subsz = (q, now) -> {
            count(SUBSZ_PATH);
            return Subsz.render(source, Subsz.Options.fromQuery(q), now, true, true);
        };
        add(base, SUBSZ_PATH, subsz);
        add(base, SUBSCRIPTIONSZ_PATH, subsz);
        add(base, GATEWAYZ_PATH, (q, now) -> {
            count(GATEWAYZ_PATH);
            return Gatewayz.render(source, Gatewayz.Options.fromQuery(q), now, true);
        });
        add(base, LEAFZ_PATH, (q, now) -> {
            count(LEAFZ_PATH);
            return Leafz.render(source, Leafz.Options.fromQuery(q), now, true);
        });
        add(base, ACCOUNTZ_PATH, (q, now) -> {
            count(ACCOUNTZ_PATH);
            return Accountz.render(source, Accountz.Options.fromQuery(q), now, true);
        });
        add(base, ACCSTATZ_PATH, (q, now) -> {
            count(ACCSTATZ_PATH);
            return AccountStatz.render(source, AccountStatz.Options.fromQuery(q), now, true);
        });
        add(base, JSZ_PATH, (q, now) -> {
            count(JSZ_PATH);
            return Jsz.render(source, Jsz.Options.fromQuery(q), now, true);
        });
    }

    private void add(String base, String path, Endpoint e) {
        endpoints.put(join(base, path), e);
    }

    /** nats-server's normalizeBasePath: "/" for none, a leading slash, then path.Clean. */
    static String normalizeBasePath(String p) {
        if (p == null || p.isEmpty()) {
            return "/";
        }
        if (p.charAt(0) != '/') {
            p = "/" + p;
        }
        return clean(p);
    }

    /** Go's path.Join for an absolute base. */
    static String join(String base, String p) {
        return clean(base + "/" + p);
    }

    /** Go's path.Clean for an absolute path. */
    static String clean(String p) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String s : p.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(s);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** Answers a request for {@code path} (decoded) with the query's parameters. */
    Response handle(String path, Map<String, List<String>> query) {
        if (path.equals(varzPath)) {
            count(VARZ_PATH);
            return json(Varz.render(source, Map.copyOf(reqStats), Instant.now()), query);
        }
        if (path.equals(healthzPath)) {
            count(HEALTHZ_PATH);
            return healthz(query);
        }
        if (path.equals(join(rootPath, STACKSZ_PATH))) {
            // As nats-server: a text dump under nats-server's JSON content type (and JSONP).
            return json(Stacksz.render(), query);
        }
        if (path.equals(join(rootPath, IPQUEUESZ_PATH))) {
            try {
                new GoQuery(query).bool("all");
            } catch (MonitorRequestException refused) {
                return new Response(refused.code(), "text/plain; charset=utf-8", refused.getMessage(), false);
            }
            // nats-server's internal queues between goroutines; natsj has none of them.
            return json("{}", query);
        }
        Endpoint e = endpoints.get(path);
        if (e != null) {
            try {
                return json(e.serve(new GoQuery(query), Instant.now()), query);
            } catch (MonitorRequestException refused) {
                return new Response(refused.code(), "text/plain; charset=utf-8", refused.getMessage(), false);
            }
        }
        if (path.equals(rootPath)) {
            count(ROOT_PATH);
            return new Response(200, "text/html; charset=utf-8", IndexPage.render(source.version(), this::link), false);
        }
        // natsj's own endpoints are not counted: http_req_stats lists nats-server's endpoints only.
        if (path.equals(metricsPath)) {
            return new Response(200, Metrics.CONTENT_TYPE, Metrics.render(this::endpointJson, source.eventLoops()), false);
        }
        if (path.equals(dashboardPath) || path.startsWith(dashboardPath + "/")) {
            Dashboard.Asset a = Dashboard.find(path.substring(dashboardPath.length()));
            return a == null ? NOT_FOUND : new Response(200, a.contentType(), a.body(), false);
        }
        return NOT_FOUND;
    }

    /**
     * An endpoint's JSON for /metrics, or null when this server does not serve it: read through
     * {@link #handle} as a plain GET, so /metrics follows every endpoint as it is (and counts in
     * http_req_stats as the exporter's requests count in nats-server's).
     */
    private String endpointJson(String endpoint) {
        Response r = handle(link("/" + endpoint), Map.of());
        return r.status() == 404 ? null : r.body();
    }

    Map<String, Long> requestStats() {
        return Map.copyOf(reqStats);
    }

    private String link(String endpoint) {
        return join(rootPath, endpoint);
    }

    private void count(String endpoint) {
        reqStats.merge(endpoint, 1L, Long::sum);
    }

    private Response healthz(Map<String, List<String>> query) {
        for (String param : new String[] {"js-enabled", "js-enabled-only", "js-server-only"}) {
            String v = first(query, param);
            if (v.isEmpty()) {
                continue;
            }
            Boolean b = GoQuery.parseBool(v);
            if (b == null) {
                return new Response(400, "text/plain; charset=utf-8", "Error decoding boolean for '" + param
                        + "': strconv.ParseBool: parsing " + GoQuote.quote(v) + ": invalid syntax", false);
            }
            if (b && param.equals("js-enabled")) {
                LOG.warn("Healthcheck: js-enabled deprecated, use js-enabled-only instead");
            }
        }
        // Without JetStream there is nothing else to check: nats-server answers ok.
        return json("{\"status\":\"ok\"}", query);
    }

    /** nats-server's ResponseHandler: JSONP when there is a callback. */
    private static Response json(String data, Map<String, List<String>> query) {
        String callback = first(query, "callback");
        if (!callback.isEmpty()) {
            return new Response(200, "application/javascript", callback + "(" + data + ")", false);
        }
        return new Response(200, "application/json", data, false);
    }

    /** Go's url.Values.Get: the first value, or "". */
    private static String first(Map<String, List<String>> query, String key) {
        List<String> v = query.get(key);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }
}
