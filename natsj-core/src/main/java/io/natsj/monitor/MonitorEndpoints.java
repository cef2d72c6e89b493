package io.natsj.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The monitoring documents for callers outside this package, as the system account's requests
 * ({@code $SYS.REQ.SERVER.PING.CONNZ}, {@code $SYS.REQ.SERVER.<id>.CONNZ}, ...) need them: the options
 * arrive as the JSON body of the request (nats-server's ConnzEventOptions, SubszEventOptions, ...:
 * the endpoint's options and the {@link EventFilter} in one object; null or blank for the defaults)
 * and the document comes back as compact JSON, as nats-server's json.Marshal writes the "data" of its
 * answer. Options that do not decode are a {@link MonitorRequestException} with Go's text (nats-server
 * answers 400); options the endpoint refuses, or an unknown account, are a
 * {@link MonitorRequestException} too (nats-server answers 500: see {@link Refused}).
 *
 * <p>The same renderers serve the HTTP port through {@link MonitorRoutes}, there with the options
 * decoded from the query and indented output. Reading a {@link MonitorSource} never waits for an event
 * loop, so these may be called from any thread, an event loop included.
 */
public final class MonitorEndpoints {
    private MonitorEndpoints() {
    }

    /** The endpoint refused options that decoded (nats-server's 500 answer, with "data":null). */
    public static final class Refused extends Exception {
        Refused(MonitorRequestException e) {
            super(e.getMessage(), null, false, false);
        }
    }

    /**
     * Which servers a request is for (nats-server's EventFilterOptions): a server answers only when its
     * name and host contain the given ones, its cluster name and JetStream domain match, and it has
     * every tag.
     */
    public record EventFilter(String serverName, String cluster, String host, List<String> tags, String domain) {
    }

    /** The filter of a request body decoded into {@code eventOptionsType} ("ConnzEventOptions"). */
    public static EventFilter filter(String eventOptionsType, String json) throws MonitorRequestException {
        OptionsJson o = OptionsJson.parse(eventOptionsType, json);
        return new EventFilter(o.string("server_name"), o.string("cluster"), o.string("host"), o.strings("tags"),
                o.string("domain"));
    }

    /** The /varz document; {@code httpReqStats} from the monitoring port, empty without one. */
    public static String varz(MonitorSource source, Map<String, Long> httpReqStats, Instant now) {
        return Varz.render(source, httpReqStats, now, false);
    }

    /** The /healthz document without JetStream: nothing else to check. */
    public static String healthz() {
        return "{\"status\":\"ok\"}";
    }

    /** {@code account}: nats-server's account requests fix it; null for the request's own. */
    public static String connz(MonitorSource source, String json, Instant now, String account)
            throws MonitorRequestException, Refused {
        Connz.Options o = Connz.Options.fromJson(json);
        if (account != null) {
            o = new Connz.Options(o.sort(), o.auth(), o.subs(), o.subsDetail(), o.offset(), o.limit(), o.cid(), o.state(),
                    o.user(), account, o.mqttClient(), o.filterSubject());
        }
        try {
            return Connz.render(source, o, now, false);
        } catch (MonitorRequestException e) {
            throw new Refused(e);
        }
    }

    /** The whole Subsz document; an account request lists that account's subscriptions. */
    public static String subsz(MonitorSource source, String json, Instant now, String account)
            throws MonitorRequestException, Refused {
        Subsz.Options o = Subsz.Options.fromJson(json);
        if (account != null) {
            o = new Subsz.Options(true, o.offset(), o.limit(), account, o.test());
        }
        try {
            return Subsz.render(source, o, now, false, false);
        } catch (MonitorRequestException e) {
            throw new Refused(e);
        }
    }

    public static String routez(MonitorSource source, String json, Instant now) throws MonitorRequestException {
        return Routez.render(source, Routez.Options.fromJson(json), now, false);
    }

    public static String gatewayz(MonitorSource source, String json, Instant now) throws MonitorRequestException {
        return Gatewayz.render(source, Gatewayz.Options.fromJson(json), now, false);
    }

    public static String leafz(MonitorSource source, String json, Instant now, String account)
            throws MonitorRequestException {
        Leafz.Options o = Leafz.Options.fromJson(json);
        if (account != null) {
            o = new Leafz.Options(o.subs(), account);
        }
        return Leafz.render(source, o, now, false);
    }

    public static String accountz(MonitorSource source, String json, Instant now) throws MonitorRequestException, Refused {
        Accountz.Options o = Accountz.Options.fromJson(json);
        try {
            return Accountz.render(source, o, now, false);
        } catch (MonitorRequestException e) {
            throw new Refused(e);
        }
    }

    /** One account's details, as $SYS.REQ.ACCOUNT.<acc>.INFO answers (the /accountz account_detail). */
    public static String accountInfo(MonitorSource source, String account) throws Refused {
        try {
            return Accountz.detail(source, account);
        } catch (MonitorRequestException e) {
            throw new Refused(e);
        }
    }

    /**
     * The /accstatz document for {@code accounts} (null: those the request names); null when it lists
     * no account and unused ones were not asked for, which nats-server leaves unanswered.
     */
    public static String accstatz(MonitorSource source, String json, Instant now, List<String> accounts)
            throws MonitorRequestException {
        AccountStatz.Options o = AccountStatz.Options.fromJson(json);
        if (accounts != null) {
            o = new AccountStatz.Options(accounts, o.includeUnused());
        }
        if (!o.includeUnused() && AccountStatz.listed(source, o) == 0) {
            return null;
        }
        return AccountStatz.render(source, o, now, false);
    }

    public static String jsz(MonitorSource source, String json, Instant now, String account)
            throws MonitorRequestException, Refused {
        Jsz.Options o = Jsz.Options.fromJson(json);
        if (account != null) {
            o = new Jsz.Options(account, o.accounts(), o.streams(), o.consumer(), o.config(), o.leaderOnly(), o.offset(),
                    o.limit());
        }
        try {
            return Jsz.render(source, o, now, false);
        } catch (MonitorRequestException e) {
            throw new Refused(e);
        }
    }
}
