package io.natsj.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one or more raw connections saw, normalised so that two servers can be compared:
 * INFO fields that legitimately differ between servers are removed and the rest sorted,
 * and frames whose number depends on timing (by default the server's own PINGs) are left out.
 */
public final class Transcript {
    /** INFO fields that differ between any two servers (identity, address, build, randomness). */
    public static final Set<String> VOLATILE_INFO_FIELDS =
            Set.of("server_id", "server_name", "client_id", "client_ip", "port", "version", "go", "host", "nonce", "git_commit");

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final List<String> lines = new ArrayList<>();

    /**
     * Adds what {@code client} received (the greeting INFO only if asked; in sorted order if
     * {@code unordered}) and whether the server closed it.
     */
    public Transcript add(RawClient client, Set<String> ignored, boolean keepGreeting, boolean unordered) {
        ServerOutput out = client.output();
        List<String> frames = new ArrayList<>(out.frames());
        if (unordered && !frames.isEmpty()) {
            // the greeting stays first; the rest is compared as a multiset
            List<String> rest = new ArrayList<>(frames.subList(1, frames.size()));
            java.util.Collections.sort(rest);
            frames = new ArrayList<>(List.of(frames.get(0)));
            frames.addAll(rest);
        }
        String prefix = "[" + client.name() + "] ";
        for (int i = 0; i < frames.size(); i++) {
            String f = frames.get(i);
            if (i == 0 && f.startsWith("INFO ") && !keepGreeting) {
                continue; // the greeting is compared by cases that ask for it
            }
            if (ignored.contains(f)) {
                continue;
            }
            lines.add(prefix + ServerOutput.escape(normalise(f)));
        }
        if (!out.partial().isEmpty()) {
            lines.add(prefix + "«partial: " + ServerOutput.escape(out.partial()) + "»");
        }
        lines.add(prefix + (client.closedByServer() ? "«closed by server»" : "«open»"));
        return this;
    }

    public Transcript note(String line) {
        lines.add(line);
        return this;
    }

    /** An INFO frame with its volatile fields removed and keys sorted; other frames unchanged. */
    public static String normalise(String frame) {
        if (!frame.startsWith("INFO ")) {
            return frame;
        }
        int end = frame.endsWith("\r\n") ? frame.length() - 2 : frame.length() - 1;
        String json = frame.substring(5, end).trim();
        try {
            JsonNode node = JSON.readTree(json);
            if (!(node instanceof ObjectNode obj)) {
                return frame;
            }
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : obj.properties()) {
                if (!VOLATILE_INFO_FIELDS.contains(e.getKey())) {
                    sorted.put(e.getKey(), e.getValue());
                }
            }
            return "INFO " + JSON.writeValueAsString(sorted) + frame.substring(end);
        } catch (Exception e) {
            return "«INFO with bad JSON» " + frame;
        }
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transcript t && t.lines.equals(lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }
}
