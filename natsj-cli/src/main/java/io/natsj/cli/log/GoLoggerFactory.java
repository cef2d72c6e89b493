package io.natsj.cli.log;

import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/** One {@link GoLogger} per name. */
final class GoLoggerFactory implements ILoggerFactory {
    private final ConcurrentHashMap<String, GoLogger> loggers = new ConcurrentHashMap<>();

    @Override
    public Logger getLogger(String name) {
        GoLogger l = loggers.get(name);
        if (l == null) {
            GoLogger created = new GoLogger(name);
            l = loggers.putIfAbsent(name, created);
            if (l == null) {
                l = created;
            }
        }
        return l;
    }
}
