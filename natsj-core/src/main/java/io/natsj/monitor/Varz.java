package io.natsj.monitor;

import io.natsj.protocol.GoJsonWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** The /varz document: nats-server 2.9.10's keys in its order, its value formats. */
final class Varz {
    private Varz() {
    }

    static String render(MonitorSource s, Map<String, Long> httpReqStats, Instant now) {
        return render(s, httpReqStats, now, true);
    }

    /** {@code indent}: as the HTTP port writes it; else compact, as system-account answers carry it. */
    static String render(MonitorSource s, Map<String, Long> httpReqStats, Instant now, boolean indent) {
        ZoneId local = ZoneId.systemDefault();
        GoJsonWriter j = new GoJsonWriter(indent).begin();
        j.field("server_id", s.serverId());
        j.field("server_name", s.serverName());
        j.field("version", s.version());
        j.field("proto", s.proto());
        j.field("go", s.runtimeVersion());
        j.field("host", s.host());
        j.field("port", s.port());
        if (s.authRequired()) {
            j.field("auth_required", true);
        }
        if (s.tlsRequired()) {
            j.field("tls_required", true);
        }
        if (s.tlsVerify()) {
            j.field("tls_verify", true);
        }
        j.field("max_connections", s.maxConnections());
        if (s.maxSubscriptions() != 0) {
            j.field("max_subscriptions", s.maxSubscriptions());
        }
        j.field("ping_interval", nanos(s.pingInterval()));
        j.field("ping_max", s.maxPingsOut());
        j.field("http_host", s.httpHost());
        j.field("http_port", s.httpPort());
        j.field("http_base_path", s.httpBasePath());
        j.field("https_port", s.httpsPort());
        j.floatField("auth_timeout", GoFormats.seconds(s.authTimeout()));
        j.field("max_control_line", s.maxControlLine());
        j.field("max_payload", s.maxPayload());
        j.field("max_pending", s.maxPending());
        j.emptyObject("cluster");
        j.emptyObject("gateway");
        j.emptyObject("leaf");
        j.emptyObject("mqtt");
        j.emptyObject("websocket");
        JetStreamInfo js = s.jetStream();
        if (js == null) {
            j.emptyObject("jetstream");
        } else {
            js.varz(j, true);
        }
        j.floatField("tls_timeout", GoFormats.seconds(s.tlsTimeout()));
        j.field("write_deadline", nanos(s.writeDeadline()));
        Instant start = s.startTime();
        j.field("start", GoFormats.time(start, local));
        j.field("now", GoFormats.time(now, ZoneOffset.UTC));
        j.field("uptime", GoFormats.uptime(Duration.between(start, now)));
        j.field("mem", ProcessUsage.residentBytes());
        int cores = Runtime.getRuntime().availableProcessors();
        j.field("cores", cores);
        j.field("gomaxprocs", cores);
        j.floatField("cpu", ProcessUsage.cpuPercent(cores));
        j.field("connections", s.connections());
        j.field("total_connections", s.totalConnections());
        j.field("routes", 0);
        j.field("remotes", 0);
        j.field("leafnodes", 0);
        j.field("in_msgs", s.inMsgs());
        j.field("out_msgs", s.outMsgs());
        j.field("in_bytes", s.inBytes());
        j.field("out_bytes", s.outBytes());
        j.field("slow_consumers", s.slowConsumers());
        j.field("subscriptions", s.subscriptions());
        j.counters("http_req_stats", httpReqStats);
        j.field("config_load_time", GoFormats.time(s.configLoadTime(), local));
        List<String> tags = s.tags();
        if (tags != null && !tags.isEmpty()) {
            j.strings("tags", tags);
        }
        String sys = s.systemAccount();
        if (sys != null && !sys.isEmpty()) {
            j.field("system_account", sys);
        }
        return j.end().toString();
    }

    /** Go's time.Duration marshals as its nanoseconds. */
    private static long nanos(Duration d) {
        return d == null ? 0 : d.toNanos();
    }
}
