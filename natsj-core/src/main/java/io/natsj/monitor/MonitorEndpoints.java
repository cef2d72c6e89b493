package io.natsj.monitor;

import java.time.Instant;

/**
 * The monitoring documents for callers outside this package, as the system account's requests
 * ({@code $SYS.REQ.SERVER.PING.CONNZ}, {@code $SYS.REQ.SERVER.<id>.CONNZ}, ...) need them: the options
 * arrive as the JSON body of the request (nats-server's ConnzOptions, SubszOptions, ... field names;
 * null or blank for the defaults) and the document comes back as compact JSON, as nats-server's
 * json.Marshal writes the "data" of its answer. A refusal (bad options, unknown account) is a
 * {@link MonitorRequestException} carrying nats-server's text and code.
 *
 * <p>The same renderers serve the HTTP port through {@link MonitorRoutes}, there with the options
 * decoded from the query and indented output. Reading a {@link MonitorSource} never waits for an event
 * loop, so these may be called from any thread, an event loop included.
 */
public final class MonitorEndpoints {
    private MonitorEndpoints() {
    }

    public static String connz(MonitorSource source, String jsonOptions, Instant now) throws MonitorRequestException {
        return Connz.render(source, Connz.Options.fromJson(jsonOptions), now, false);
    }

    /** The whole Subsz document (the HTTP port's figures-only answer for an empty list is not used here). */
    public static String subsz(MonitorSource source, String jsonOptions, Instant now) throws MonitorRequestException {
        return Subsz.render(source, Subsz.Options.fromJson(jsonOptions), now, false, false);
    }

    public static String routez(MonitorSource source, String jsonOptions, Instant now) throws MonitorRequestException {
        return Routez.render(source, Routez.Options.fromJson(jsonOptions), now, false);
    }

    public static String gatewayz(MonitorSource source, String jsonOptions, Instant now) throws MonitorRequestException {
        return Gatewayz.render(source, Gatewayz.Options.fromJson(jsonOptions), now, false);
    }

    public static String leafz(MonitorSource source, String jsonOptions, Instant now) throws MonitorRequestException {
        return Leafz.render(source, Leafz.Options.fromJson(jsonOptions), now, false);
    }

    public static String accountz(MonitorSource source, String jsonOptions, Instant now) throws MonitorRequestException {
        return Accountz.render(source, Accountz.Options.fromJson(jsonOptions), now, false);
    }

    public static String accstatz(MonitorSource source, String jsonOptions, Instant now) throws MonitorRequestException {
        return AccountStatz.render(source, AccountStatz.Options.fromJson(jsonOptions), now, false);
    }

    public static String jsz(MonitorSource source, String jsonOptions, Instant now) throws MonitorRequestException {
        return Jsz.render(source, Jsz.Options.fromJson(jsonOptions), now, false);
    }
}
