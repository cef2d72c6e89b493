package io.natsj.auth;

import java.time.Duration;
import java.util.List;

/**
 * A stream or service an account offers to others, as an entry of nats-server's {@code exports}.
 *
 * @param accounts null: public (any account may import); otherwise the accounts allowed to
 * @param responseType services only: "Singleton" (default), "Stream" or "Chunked"
 * @param responseThreshold services only: how long a responder may take; null: nats-server's default (2 min)
 */
public record Export(String subject, boolean service, List<String> accounts, String responseType,
        Duration responseThreshold) {
    public static final String SINGLETON = "Singleton";
    public static final String STREAM = "Stream";
    public static final String CHUNKED = "Chunked";

    public Export {
        accounts = accounts == null ? null : List.copyOf(accounts);
        responseType = responseType == null ? SINGLETON : responseType;
    }

    public static Export stream(String subject) {
        return new Export(subject, false, null, null, null);
    }

    public static Export service(String subject) {
        return new Export(subject, true, null, null, null);
    }

    public boolean isPublic() {
        return accounts == null;
    }
}
