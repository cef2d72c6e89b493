package io.natsj.cli;

import io.natsj.NatsServer;
import io.natsj.NatsServerOptions;
import io.natsj.cli.GoFlagSet.FlagException;
import io.natsj.cli.log.GoLog;
import io.natsj.config.ConfigException;
import io.natsj.protocol.ServerInfo;
import io.natsj.server.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The natsj executable, started exactly as nats-server is: the same flags (Go flag rules), the same
 * configuration file, the same messages and exit codes, the same signals. See {@link ServerFlags}
 * for the flags and {@link Signals} for the signals.
 */
public final class NatsjMain {
    /** nats-server prefixes its fatal messages with its executable name; so do we, for harnesses. */
    private static final String EXE = "nats-server";

    private NatsjMain() {
    }

    public static void main(String[] args) {
        int rc;
        try {
            rc = run(args);
        } catch (Fatal f) {
            GoLog.printAndDie(EXE + ": " + f.getMessage());
            rc = 1;
        } catch (InterruptedException e) {
            rc = 1;
        }
        System.out.flush();
        System.err.flush();
        System.exit(rc);
    }

    static int run(String[] args) throws Fatal, InterruptedException {
        ServerFlags flags = new ServerFlags();
        try {
            flags.parse(args);
        } catch (FlagException e) {
            // Go's flag package prints the problem, then the usage, and nats-server's usage exits 0.
            System.err.println(e.getMessage());
            printResource("usage.txt", System.out);
            return 0;
        }
        GoFlagSet fs = flags.fs;
        if (fs.bool("version")) {
            printVersion();
            return 0;
        }
        if (fs.bool("help")) {
            printResource("usage.txt", System.out);
            return 0;
        }
        if (fs.bool("help_tls")) {
            printResource("tls-help.txt", System.out);
            return 0;
        }
        for (String arg : fs.args()) {
            if (arg.equals("version")) {
                printVersion();
                return 0;
            }
            if (arg.equals("help")) {
                printResource("usage.txt", System.out);
                return 0;
            }
            throw new Fatal("unrecognized command: \"" + arg + "\"");
        }
        if (fs.isSet("signal")) {
            try {
                SignalCommand.send(fs.string("signal"), EXE);
            } catch (SignalCommand.SignalException e) {
                throw new Fatal(e.getMessage());
            }
            return 0;
        }
        NatsServerOptions options = options(flags, fs.bool("check"));
        if (options == null) {
            System.err.println(EXE + ": configuration file " + fs.string("config") + " is valid");
            return 0;
        }
        Logging.configure(options);
        NatsServer server = new NatsServer(options);
        Signals signals = new Signals(server, () -> options(flags, false));
        signals.install();
        try {
            server.start();
        } catch (RuntimeException e) {
            Logging.fatal(e.getMessage());
        }
        server.awaitShutdown();
        return signals.exitCode();
    }

    /**
     * The options from the configuration file (if any) with the flags over them; null when only
     * checking the file ({@code -t}) and it is valid.
     */
    static NatsServerOptions options(ServerFlags flags, boolean checkOnly) throws Fatal {
        GoFlagSet fs = flags.fs;
        NatsServerOptions.Builder b = NatsServerOptions.builder();
        String config = fs.string("config");
        if (config != null && !config.isEmpty()) {
            List<String> warnings;
            try {
                warnings = b.config(Path.of(config));
            } catch (ConfigException e) {
                throw new Fatal(e.getMessage());
            }
            if (!warnings.isEmpty()) {
                String text = String.join("\n", warnings) + "\n";
                if (checkOnly) {
                    throw new Fatal(text);
                }
                System.err.print(text);
            }
            if (checkOnly) {
                return null;
            }
        } else if (checkOnly) {
            throw new Fatal("must specify [-c, --config] option to check configuration file syntax");
        }
        try {
            flags.checkSupported();
            flags.applyTo(b);
            return b.build();
        } catch (FlagException | IllegalArgumentException e) {
            throw new Fatal(e.getMessage());
        }
    }

    private static void printVersion() {
        System.out.println(EXE + ": v" + ServerInfo.COMPATIBLE_VERSION + " (" + Server.BUILD + ")");
    }

    private static void printResource(String name, PrintStream out) {
        try (InputStream in = NatsjMain.class.getResourceAsStream(name)) {
            out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            out.println("usage: see nats-server -h");
        }
    }

    /** A reason to stop with exit code 1, printed as nats-server prints it. */
    static final class Fatal extends Exception {
        private static final long serialVersionUID = 1L;

        Fatal(String message) {
            super(message, null, false, false);
        }
    }
}
