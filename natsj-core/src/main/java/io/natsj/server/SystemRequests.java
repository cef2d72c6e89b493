package io.natsj.server;

import io.natsj.monitor.MonitorEndpoints;
import io.natsj.monitor.MonitorRequestException;
import io.natsj.monitor.SystemJson;
import io.natsj.routing.MatchResult;
import io.natsj.routing.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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
    /** An endpoint's document for a request body (null or JSON), or null for no answer. */
    private interface Answer {
        String data(String json) throws MonitorRequestException, MonitorEndpoints.Refused;
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
        var src = server.monitorSource;
        client.subscribe("$SYS._INBOX." + hash + ".*", none);
        client.subscribe("$SYS.SERVER.ACCOUNT.*.CONNS", none);
        client.subscribe("$SYS._INBOX_." + id, none);
        client.subscribe("$SYS.REQ.ACCOUNT.NSUBS", none);
        client.subscribe("$SYS.SERVER.*.STATSZ", none);
        client.subscribe("$SYS.SERVER.*.SHUTDOWN", none);
        client.subscribe("$SYS.ACCOUNT.*.CLAIMS.UPDATE", none);
        client.subscribe("$SYS.REQ.ACCOUNT.*.CLAIMS.UPDATE", none);
        client.subscribe("$SYS.REQ.SERVER.PING", this::statsz);
        Map<String, SystemClient.Receiver> perServer = new LinkedHashMap<>();
        perServer.put("STATSZ", this::statsz);
        perServer.put("VARZ", handler("VarzEventOptions",
                json -> MonitorEndpoints.varz(src, server.monitorRequestStats(), Instant.now())));
        perServer.put("SUBSZ", handler("SubszEventOptions", json -> MonitorEndpoints.subsz(src, json, Instant.now(), null)));
        perServer.put("CONNZ", handler("ConnzEventOptions", json -> MonitorEndpoints.connz(src, json, Instant.now(), null)));
        perServer.put("ROUTEZ", handler("RoutezEventOptions", json -> MonitorEndpoints.routez(src, json, Instant.now())));
        perServer.put("GATEWAYZ", handler("GatewayzEventOptions",
                json -> MonitorEndpoints.gatewayz(src, json, Instant.now())));
        perServer.put("LEAFZ", handler("LeafzEventOptions", json -> MonitorEndpoints.leafz(src, json, Instant.now(), null)));
        perServer.put("ACCOUNTZ", handler("AccountzEventOptions",
                json -> MonitorEndpoints.accountz(src, json, Instant.now())));
        perServer.put("JSZ", handler("JszEventOptions", json -> MonitorEndpoints.jsz(src, json, Instant.now(), null)));
        perServer.put("HEALTHZ", handler("HealthzEventOptions", json -> MonitorEndpoints.healthz()));
        for (Map.Entry<String, SystemClient.Receiver> e : perServer.entrySet()) {
            client.subscribe("$SYS.REQ.SERVER." + id + "." + e.getKey(), e.getValue());
            client.subscribe("$SYS.REQ.SERVER.PING." + e.getKey(), e.getValue());
        }
        // Account requests: the account named in the subject fixes the options' account.
        Map<String, SystemClient.Receiver> perAccount = new LinkedHashMap<>();
        perAccount.put("SUBSZ", accountHandler("SubszEventOptions",
                (acc, json) -> MonitorEndpoints.subsz(src, json, Instant.now(), acc)));
        perAccount.put("CONNZ", accountHandler("ConnzEventOptions",
                (acc, json) -> MonitorEndpoints.connz(src, json, Instant.now(), acc)));
        perAccount.put("LEAFZ", accountHandler("LeafzEventOptions",
                (acc, json) -> MonitorEndpoints.leafz(src, json, Instant.now(), acc)));
        perAccount.put("JSZ", accountHandler("JszEventOptions",
                (acc, json) -> MonitorEndpoints.jsz(src, json, Instant.now(), acc)));
        perAccount.put("INFO", accountHandler("AccInfoEventOptions", (acc, json) -> MonitorEndpoints.accountInfo(src, acc)));
        // The PING subject has a subscription of its own (below): not an account named PING.
        perAccount.put("STATZ", accountHandler("AccountStatzEventOptions", (acc, json) -> acc.equals("PING") ? null
                : MonitorEndpoints.accstatz(src, json, Instant.now(), List.of(acc))));
        perAccount.put("CONNS", this::accountConns);
        for (Map.Entry<String, SystemClient.Receiver> e : perAccount.entrySet()) {
            client.subscribe("$SYS.REQ.ACCOUNT.*." + e.getKey(), e.getValue());
        }
        client.subscribe("$SYS.REQ.ACCOUNT.PING.STATZ", handler("AccountStatzEventOptions",
                json -> MonitorEndpoints.accstatz(src, json, Instant.now(), null)));
        client.subscribe("$SYS.ACCOUNT.*.LEAFNODE.CONNECT", none);
        client.subscribe("$SYS.LATENCY.M2." + hash, none);
        client.subscribe("$SYS.DEBUG.SUBSCRIBERS", this::debugSubscribers);
    }

    private interface AccountAnswer {
        String data(String account, String json) throws MonitorRequestException, MonitorEndpoints.Refused;
    }

    private SystemClient.Receiver handler(String optionsType, Answer answer) {
        return (subject, reply, body) -> answer(reply, body, optionsType, answer);
    }

    private SystemClient.Receiver accountHandler(String optionsType, AccountAnswer answer) {
        return (subject, reply, body) -> {
            String acc = accountToken(subject);
            answer(reply, body, optionsType, json -> answer.data(acc, json));
        };
    }

    /** $SYS.REQ.SERVER.PING[.STATSZ]: the STATSZ, to the reply or, without one, on the STATSZ subject. */
    private void statsz(String subject, String reply, byte[] body) {
        String to = reply != null ? reply : events.statszSubject();
        if (body.length > 0) {
            try {
                if (filtered(MonitorEndpoints.filter("StatszEventOptions", new String(body, StandardCharsets.UTF_8)))) {
                    return;
                }
            } catch (MonitorRequestException e) {
                client.publish(to, null, SystemJson.error(client.nextSender(), 400, e.getMessage()));
                return;
            }
        }
        events.sendStatsz(to, null);
    }

    /** $SYS.REQ.ACCOUNT.<acc>.CONNS: the account's connection event, to the reply, when it has local clients. */
    private void accountConns(String subject, String reply, byte[] body) {
        ServerAccount acc = server.accounts.get(accountToken(subject));
        if (acc != null && acc.clients.get() > 0 && reply != null) {
            events.sendAccountConns(events.accountStat(acc), Instant.now(), reply);
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

    /**
     * nats-server's zReq: no reply, no answer; options that do not decode get a 400 answer; a request
     * for other servers none; then the document, or the endpoint's refusal as a 500 answer.
     */
    private void answer(String reply, byte[] body, String optionsType, Answer answer) {
        if (reply == null) {
            return;
        }
        String json = body.length == 0 ? null : new String(body, StandardCharsets.UTF_8);
        String out;
        try {
            if (json != null && filtered(MonitorEndpoints.filter(optionsType, json))) {
                return;
            }
            String data = answer.data(json);
            if (data == null) {
                return;
            }
            out = SystemJson.response(client.nextSender(), data);
        } catch (MonitorRequestException e) {
            out = SystemJson.error(client.nextSender(), 400, e.getMessage());
        } catch (MonitorEndpoints.Refused e) {
            out = SystemJson.refused(client.nextSender(), e.getMessage());
        }
        client.publish(reply, null, out);
    }

    /** nats-server's filterRequest: true when this server is not one the request asks for. */
    private boolean filtered(MonitorEndpoints.EventFilter f) {
        if (!f.serverName().isEmpty() && !server.serverName.contains(f.serverName())) {
            return true;
        }
        if (!f.host().isEmpty() && !server.options.host().contains(f.host())) {
            return true;
        }
        if (!f.cluster().isEmpty()) {
            return true; // no cluster name yet: "" contains no other name
        }
        List<String> ours = server.options.serverTags();
        for (String t : f.tags()) {
            if (ours == null || ours.stream().noneMatch(x -> x.equalsIgnoreCase(t))) {
                return true;
            }
        }
        String domain = server.options.jetStream().domain();
        return !f.domain().isEmpty() && !f.domain().equals(domain); // the configured domain, JetStream on or not
    }

    /** The <acc> of $SYS.REQ.ACCOUNT.<acc>.X. */
    private static String accountToken(String subject) {
        String[] t = subject.split("\\.");
        return t.length == 5 ? t[3] : "";
    }
}
