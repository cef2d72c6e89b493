package io.natsj.cli;

import io.natsj.NatsServer;
import io.natsj.NatsServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * nats-server's signals: INT stops (exit 0), TERM stops (exit 1) unless lame duck mode is under way,
 * HUP reloads the configuration, USR1 reopens the log file, USR2 enters lame duck mode. Handlers run
 * on the JVM's signal thread; each does its work and returns.
 */
final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    /** Reads the configuration again (file plus flags), as at start-up. */
    interface OptionsSource {
        NatsServerOptions read() throws NatsjMain.Fatal;
    }

    private final NatsServer server;
    private final OptionsSource source;
    private volatile int exitCode;

    Signals(NatsServer server, OptionsSource source) {
        this.server = server;
        this.source = source;
    }

    void install() {
        Signal.handle(new Signal("INT"), s -> {
            trapped("interrupt");
            stop(0);
        });
        Signal.handle(new Signal("TERM"), s -> {
            trapped("terminated");
            if (!server.isLameDuck()) {
                stop(1);
            }
        });
        Signal.handle(new Signal("HUP"), s -> {
            trapped("hangup");
            reload();
        });
        Signal.handle(new Signal("USR1"), s -> {
            trapped("user defined signal 1");
            Logging.reopen();
        });
        Signal.handle(new Signal("USR2"), s -> {
            trapped("user defined signal 2");
            server.enterLameDuckMode();
        });
    }

    /** The process exit code once the server has shut down. */
    int exitCode() {
        return exitCode;
    }

    private static void trapped(String name) {
        LOG.debug("Trapped \"{}\" signal", name);
    }

    private void stop(int code) {
        exitCode = code;
        server.close();
    }

    private void reload() {
        NatsServerOptions current = server.currentOptions();
        if (current.configFile() == null) {
            LOG.error("Failed to reload server configuration: can only reload config when a file is provided using -c or --config");
            return;
        }
        try {
            NatsServerOptions next = source.read();
            server.reload(next);
            Logging.configure(next);
        } catch (NatsjMain.Fatal | IllegalArgumentException | IllegalStateException e) {
            LOG.error("Failed to reload server configuration: {}", e.getMessage());
        }
    }
}
