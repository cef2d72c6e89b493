package io.natsj.it.dropin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** What two monitoring documents must share whatever the process: keys, their order, JSON types. */
final class JsonShape {
    static final Pattern GO_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?(Z|[+-]\\d\\d:\\d\\d)");
    static final Pattern UPTIME = Pattern.compile("(\\d+y)?(\\d+d)?(\\d+h)?(\\d+m)?\\d+s");
    /** Go's time.Duration.String() for a round trip. */
    static final Pattern DURATION = Pattern.compile("0s|\\d+(\\.\\d+)?(ns|µs|ms|s)|(\\d+h)?(\\d+m)?\\d+(\\.\\d+)?s");

    private JsonShape() {
    }

    /**
     * The keys in order with their types, nested; an array shows the distinct shapes of its elements
     * (sorted), so lists of different lengths or orders but alike elements have the same shape.
     */
    static String of(JsonNode n) {
        if (n.isObject()) {
            StringBuilder sb = new StringBuilder("{");
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(e.getKey()).append(':').append(of(e.getValue()));
                if (it.hasNext()) {
                    sb.append(',');
                }
            }
            return sb.append('}').toString();
        }
        if (n.isArray()) {
            TreeSet<String> elements = new TreeSet<>();
            n.forEach(e -> elements.add(of(e)));
            return "[" + String.join("|", elements) + "]";
        }
        // Go writes a float64 that happens to be whole without a fraction: both are numbers.
        return n.isNumber() ? "NUMBER" : n.getNodeType().toString();
    }
}
