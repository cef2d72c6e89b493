package io.natsj.monitor.metrics;

import io.natsj.protocol.GoJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document the way Go's encoding/json reads it into an {@code interface{}}, which is how
 * prometheus-nats-exporter sees the endpoints: objects become {@code Map<String, Object>} (key order
 * kept, a repeated key's last value), arrays {@code List<Object>}, every number a {@code Double}, plus
 * String, Boolean and null. Read by {@link GoJson}; this only turns its values into those.
 */
final class JsonReader {
    private JsonReader() {
    }

    /** @throws IllegalArgumentException when {@code json} is not one well-formed JSON value */
    static Object parse(String json) {
        try {
            return plain(GoJson.parse(json));
        } catch (GoJson.SyntaxError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Object plain(Object v) {
        if (v instanceof GoJson.Obj o) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : o.members()) {
                m.put(e.getKey(), plain(e.getValue()));
            }
            return m;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object e : list) {
                out.add(plain(e));
            }
            return out;
        }
        if (v instanceof GoJson.Num n) {
            return Double.valueOf(n.text());
        }
        return v;
    }
}
