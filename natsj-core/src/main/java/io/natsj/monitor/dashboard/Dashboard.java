package io.natsj.monitor.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * natsj's live dashboard under {@code /dashboard}: a page that polls /varz and /connz (relative to
 * http_base_path) and charts them with uPlot, served from this package's resources. Nothing is
 * fetched from elsewhere at run time; uPlot is vendored (see scripts/refresh-uplot).
 */
public final class Dashboard {
    /** A file of the dashboard and its content type. */
    public record Asset(String contentType, String body) {
    }

    private static final String INDEX = "index.html";

    /** The files served, by name: a fixed list, so no other path can reach the classpath. */
    private static final Map<String, String> TYPES = Map.of(
            INDEX, "text/html; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "uPlot.iife.min.js", "text/javascript; charset=utf-8",
            "uPlot.min.css", "text/css; charset=utf-8",
            "uPlot.LICENSE", "text/plain; charset=utf-8");

    private Dashboard() {
    }

    /**
     * @param rest the request path after {@code <base>/dashboard}: "" for the page, "/name" for a file
     * @return the file, or null for anything else (a 404, as nats-server's mux answers unknown paths)
     */
    public static Asset find(String rest) {
        if (rest.isEmpty()) {
            return Loaded.ASSETS.get(INDEX);
        }
        // The page only at its own path: under /dashboard/ its relative links would miss.
        String name = rest.startsWith("/") ? rest.substring(1) : "";
        return name.equals(INDEX) ? null : Loaded.ASSETS.get(name);
    }

    /** Read on the first request, so the files cost nothing at start-up. */
    private static final class Loaded {
        static final Map<String, Asset> ASSETS = load();

        private static Map<String, Asset> load() {
            Map<String, Asset> m = new HashMap<>();
            TYPES.forEach((name, type) -> m.put(name, new Asset(type, read(name))));
            return Map.copyOf(m);
        }

        private static String read(String name) {
            try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException(name + " missing from io.natsj.monitor.dashboard");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
