package io.natsj.server;

import io.natsj.monitor.Endpoints;
import io.natsj.monitor.GoJsonReader;
import io.natsj.monitor.SystemJson;
import io.natsj.routing.MatchResult;
import io.natsj.routing.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The system account's request subjects, as nats-server 2.9 subscribes them: server requests
 * ({@code $SYS.REQ.SERVER.PING[.X]}, {@code $SYS.REQ.SERVER.<id>.X}) and account requests
 * ({@code $SYS.REQ.ACCOUNT.<acc>.X}), answered with the monitoring documents in nats-server's
 * envelope. Subjects nats-server listens on for clustering and JWT features natsj does not have are
 * subscribed all the same, with nothing behind them, so that subscription counts match.
 *
 * <p>Threading: handlers run on the system client's thread.
 */
final class SystemRequests {
    /** A request's options after the event filter: the endpoint's document as JSON, or null for no answer. */
    private interface Answer {
        String data(Map<String, Object> options) throws RequestException;
    }

    /** A failed request: nats-server's status code and description. */
    static final class RequestException extends Exception {
        final int code;

        RequestException(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private final Server server;
    private final SystemClient client;
    private final SystemEvents events;

    SystemRequests(Server server, SystemEvents events) {
        this.server = server;
        this.events = events;
        this.client = events.client;
    }

    /** Subscribes every request subject. Start-up, before clients. */
    void subscribe() {
        String id = server.serverId;
        String hash = Nodes.hash(server.serverName);
        SystemClient.Receiver none = (s, r, b) -> {
        };
        client.subscribe("$SYS._INBOX." + hash + ".*", none);
        client.subscribe("$SYS.SERVER.ACCOUNT.*.CONNS", none);
        client.subscribe("$SYS._INBOX_." + id, none);
        client.subscribe("$SYS.REQ.ACCOUNT.NSUBS", none);
        client.subscribe("$SYS.SERVER.*.STATSZ", none);
        client.subscribe("$SYS.SERVER.*.SHUTDOWN", none);
        client.subscribe("$SYS.ACCOUNT.*.CLAIMS.UPDATE", none);
        client.subscribe("$SYS.REQ.ACCOUNT.*.CLAIMS.UPDATE", none);
        client.subscribe("$SYS.REQ.SERVER.PING", this::statsz);
        Map<String, SystemClient.Receiver> server = new LinkedHashMap<>();
        server.put("STATSZ", this::statsz);
        server.put("VARZ", (s, r, b) -> answer(r, b, "VarzEventOptions",
                o -> Endpoints.varz(this.server.monitorSource, this.server.monitorRequestStats())));
        server.put("SUBSZ", unsupported("SubszEventOptions"));
        server.put("CONNZ", unsupported("ConnzEventOptions"));
        server.put("ROUTEZ", unsupported("RoutezEventOptions"));
        server.put("GATEWAYZ", unsupported("GatewayzEventOptions"));
        server.put("LEAFZ", unsupported("LeafzEventOptions"));
        server.put("ACCOUNTZ", unsupported("AccountzEventOptions"));
        server.put("JSZ", unsupported("JszEventOptions"));
        server.put("HEALTHZ", (s, r, b) -> answer(r, b, "HealthzEventOptions", o -> Endpoints.healthz()));
        for (Map.Entry<String, SystemClient.Receiver> e : server.entrySet()) {
            client.subscribe("$SYS.REQ.SERVER." + id + "." + e.getKey(), e.getValue());
            client.subscribe("$SYS.REQ.SERVER.PING." + e.getKey(), e.getValue());
        }
        Map<String, SystemClient.Receiver> account = new LinkedHashMap<>();
        account.put("SUBSZ", unsupported("SubszEventOptions"));
        account.put("CONNZ", unsupported("ConnzEventOptions"));
        account.put("LEAFZ", unsupported("LeafzEventOptions"));
        account.put("JSZ", unsupported("JszEventOptions"));
        account.put("INFO", unsupported("AccInfoEventOptions"));
        account.put("STATZ", this::accountStatz);
        account.put("CONNS", this::accountConns);
        for (Map.Entry<String, SystemClient.Receiver> e : account.entrySet()) {
            client.subscribe("$SYS.REQ.ACCOUNT.*." + e.getKey(), e.getValue());
        }
        client.subscribe("$SYS.REQ.ACCOUNT.PING.STATZ", (s, r, b) -> answer(r, b, "AccountStatzEventOptions",
                o -> accountStatz(o, null)));
        client.subscribe("$SYS.ACCOUNT.*.LEAFNODE.CONNECT", none);
        client.subscribe("$SYS.LATENCY.M2." + hash, none);
        client.subscribe("$SYS.DEBUG.SUBSCRIBERS", this::debugSubscribers);
    }

    private SystemClient.Receiver unsupported(String optionsType) {
        return (s, r, b) -> answer(r, b, optionsType, o -> {
            throw new RequestException(500, "not supported by this server yet");
        });
    }

    /** $SYS.REQ.SERVER.PING[.STATSZ]: the STATSZ, to the reply or, without one, on the STATSZ subject. */
    private void statsz(String subject, String reply, byte[] body) {
        String to = reply != null ? reply : events.statszSubject();
        if (body.length > 0) {
            try {
                Map<String, Object> o = options(body, "StatszEventOptions");
                if (filtered(o)) {
                    return;
                }
            } catch (RequestException e) {
                client.publish(to, null, SystemJson.error(client.nextSender(), e.code, e.getMessage()));
                return;
            }
        }
        events.sendStatsz(to, null);
    }

    /** $SYS.REQ.ACCOUNT.<acc>.STATZ: that account's figures, no answer when it has no connections. */
    private void accountStatz(String subject, String reply, byte[] body) {
        String acc = accountToken(subject);
        if (acc.equals("PING")) {
            return; // the PING subject has its own subscription
        }
        answer(reply, body, "AccountStatzEventOptions", o -> accountStatz(o, List.of(acc)));
    }

    /**
     * nats-server's AccountStatz: the named accounts (all when none are named) that have connections,
     * or every one with include_unused; null (no answer) when the list is empty and unused ones were
     * not asked for.
     */
    private String accountStatz(Map<String, Object> o, List<String> only) throws RequestException {
        List<String> names = only;
        if (names == null) {
            names = stringList(o, "accounts", "AccountStatzEventOptions");
        }
        boolean includeUnused = bool(o, "include_unused", "AccountStatzEventOptions");
        List<String> stats = new ArrayList<>();
        for (ServerAccount a : server.accounts.all().values()) {
            if ((names == null || names.isEmpty() || names.contains(a.name)) && (includeUnused || a.clients.get() > 0)) {
                stats.add(SystemJson.accountStat(events.accountStat(a)));
            }
        }
        if (stats.isEmpty() && !includeUnused) {
            return null;
        }
        return "{\"server_id\":\"" + server.serverId + "\",\"now\":\"" + io.natsj.monitor.Endpoints.now()
                + "\",\"account_statz\":[" + String.join(",", stats) + "]}";
    }

    /** $SYS.REQ.ACCOUNT.<acc>.CONNS: the account's connection event, to the reply, when it has local clients. */
    private void accountConns(String subject, String reply, byte[] body) {
        ServerAccount acc = server.accounts.get(accountToken(subject));
        if (acc != null && acc.clients.get() > 0 && reply != null) {
            events.sendAccountConns(events.accountStat(acc), java.time.Instant.now(), reply);
        }
    }

    /** $SYS.DEBUG.SUBSCRIBERS: how many subscriptions in the system account match the subject in the body. */
    private void debugSubscribers(String subject, String reply, byte[] body) {
        if (reply == null) {
            return;
        }
        String[] args = new String(body, StandardCharsets.UTF_8).trim().split("\\s+");
        if (args.length == 0 || args[0].isEmpty()) {
            return;
        }
        byte[] subj = args[0].getBytes(StandardCharsets.ISO_8859_1);
        MatchResult r = client.account.matchCache().match(subj, 0, subj.length);
        int n = 0;
        for (Subscription s : r.plain) {
            if (!(s.subscriber instanceof SystemClient.Handler)) {
                n++;
            }
        }
        for (Subscription[] group : r.queues) {
            if (args.length < 2 || group.length > 0 && args[1].equals(group[0].queue)) {
                n += group.length;
            }
        }
        client.publish(reply, null, Integer.toString(n));
    }

    /** nats-server's zReq: options decoded and filtered, then the data or the error in the envelope. */
    private void answer(String reply, byte[] body, String optionsType, Answer answer) {
        if (reply == null) {
            return;
        }
        String json;
        try {
            Map<String, Object> o = body.length == 0 ? Map.of() : options(body, optionsType);
            if (filtered(o)) {
                return;
            }
            String data = answer.data(o);
            if (data == null) {
                return;
            }
            json = SystemJson.response(client.nextSender(), data);
        } catch (RequestException e) {
            json = SystemJson.error(client.nextSender(), e.code, e.getMessage());
        }
        client.publish(reply, null, json);
    }

    /** The request's options object, keys in lower case (Go matches them without regard to case). */
    private static Map<String, Object> options(byte[] body, String optionsType) throws RequestException {
        Object v;
        try {
            v = GoJsonReader.read(new String(body, StandardCharsets.UTF_8));
        } catch (GoJsonReader.SyntaxError e) {
            throw new RequestException(400, e.getMessage());
        }
        if (v == GoJsonReader.NULL) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new RequestException(400, "json: cannot unmarshal " + goKind(v) + " into Go value of type server."
                    + optionsType);
        }
        Map<String, Object> lower = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            lower.put(((String) e.getKey()).toLowerCase(Locale.ROOT), e.getValue());
        }
        for (String k : new String[] {"server_name", "cluster", "host", "domain"}) {
            string(lower, k, optionsType);
        }
        stringList(lower, "tags", optionsType);
        return lower;
    }

    /** nats-server's filterRequest: true when this server is not one the request asks for. */
    private boolean filtered(Map<String, Object> o) throws RequestException {
        String name = string(o, "server_name", "");
        if (name != null && !name.isEmpty() && !server.serverName.contains(name)) {
            return true;
        }
        String host = string(o, "host", "");
        if (host != null && !host.isEmpty() && !server.options.host().contains(host)) {
            return true;
        }
        String cluster = string(o, "cluster", "");
        if (cluster != null && !cluster.isEmpty()) {
            return true; // natsj has no cluster name yet: "" contains nothing else
        }
        List<String> tags = stringList(o, "tags", "");
        if (tags != null) {
            List<String> ours = server.options.serverTags();
            for (String t : tags) {
                if (ours == null || ours.stream().noneMatch(x -> x.equalsIgnoreCase(t))) {
                    return true;
                }
            }
        }
        String domain = string(o, "domain", "");
        return domain != null && !domain.isEmpty();
    }

    private static String string(Map<String, Object> o, String key, String type) throws RequestException {
        Object v = o.get(key);
        if (v == null || v == GoJsonReader.NULL) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        throw typeError(v, type, key, "string");
    }

    private static boolean bool(Map<String, Object> o, String key, String type) throws RequestException {
        Object v = o.get(key);
        if (v == null || v == GoJsonReader.NULL) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw typeError(v, type, key, "bool");
    }

    private static List<String> stringList(Map<String, Object> o, String key, String type) throws RequestException {
        Object v = o.get(key);
        if (v == null || v == GoJsonReader.NULL) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            throw typeError(v, type, key, "[]string");
        }
        List<String> out = new ArrayList<>();
        for (Object e : list) {
            if (!(e instanceof String s)) {
                throw typeError(e, type, key, "string");
            }
            out.add(s);
        }
        return out;
    }

    private static RequestException typeError(Object v, String type, String key, String goType) {
        return new RequestException(400, "json: cannot unmarshal " + goKind(v) + " into Go struct field " + type + "."
                + key + " of type " + goType);
    }

    private static String goKind(Object v) {
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Double) {
            return "number";
        }
        if (v instanceof List) {
            return "array";
        }
        return v instanceof Map ? "object" : "null";
    }

    /** The <acc> of $SYS.REQ.ACCOUNT.<acc>.X. */
    private static String accountToken(String subject) {
        String[] t = subject.split("\\.");
        return t.length == 5 ? t[3] : "";
    }
}
