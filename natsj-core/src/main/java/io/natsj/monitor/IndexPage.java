package io.natsj.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * nats-server 2.9.10's index page at the monitoring root, byte for byte, plus two lines of natsj's own
 * after "Health Probe": links to /metrics and /dashboard.
 */
final class IndexPage {
    /** The endpoints the page links to, in nats-server's order, then natsj's own. */
    private static final String[] LINKED = {
        "/varz", "/jsz", "/connz", "/accountz", "/accstatz", "/subsz", "/routez", "/leafz", "/gatewayz", "/healthz",
        "/metrics", "/dashboard",
    };
    /** nats-server's page, with %s where it puts the source URL, the version and each link. */
    private static final String TEMPLATE = load();

    private IndexPage() {
    }

    /**
     * @param version shown as "v" + version
     * @param link an endpoint's path under the base path (the page puts "." before it)
     */
    static String render(String version, UnaryOperator<String> link) {
        Object[] args = new Object[2 + LINKED.length];
        args[0] = "https://github.com/nats-io/nats-server";
        args[1] = version;
        for (int i = 0; i < LINKED.length; i++) {
            args[2 + i] = link.apply(LINKED[i]);
        }
        return String.format(TEMPLATE, args);
    }

    private static String load() {
        try (InputStream in = IndexPage.class.getResourceAsStream("index.html")) {
            if (in == null) {
                throw new IllegalStateException("index.html missing from io.natsj.monitor");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
