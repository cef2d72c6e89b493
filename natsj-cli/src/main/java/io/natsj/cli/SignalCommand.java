package io.natsj.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --signal <command>[=<pid or pid file>]}: sends a running server the signal nats-server maps
 * the command to (stop KILL, quit INT, term TERM, reopen USR1, reload HUP, ldm USR2). Without a pid it
 * looks for the one natsj server running, as nats-server does with pgrep.
 */
final class SignalCommand {
    private SignalCommand() {
    }

    /** Sends the signal; throws with nats-server's message when it cannot. */
    static void send(String spec, String program) throws SignalException {
        String[] parts = spec.split("=", -1);
        if (parts.length > 2) {
            List<String> extra = new ArrayList<>(List.of(parts).subList(2, parts.length));
            throw new SignalException("invalid signal parameters: [" + String.join(" ", extra) + "]");
        }
        String signal = signalFor(parts[0]);
        long pid;
        if (parts.length == 2) {
            String p = maybeReadPidFile(parts[1]);
            try {
                pid = Long.parseLong(p);
            } catch (NumberFormatException e) {
                throw new SignalException("invalid pid: " + p);
            }
        } else {
            pid = findServer(program);
        }
        if (signal == null) {
            throw new SignalException("unknown signal \"" + parts[0] + "\"");
        }
        kill(pid, signal);
    }

    private static String signalFor(String command) {
        switch (command) {
            case "stop":
                return "KILL";
            case "quit":
                return "INT";
            case "reopen":
                return "USR1";
            case "reload":
                return "HUP";
            case "ldm":
                return "USR2";
            case "term":
                return "TERM";
            default:
                return null;
        }
    }

    /** nats-server reads the argument as a pid file if such a file exists, else as the pid itself. */
    private static String maybeReadPidFile(String s) {
        try {
            return Files.readString(Path.of(s), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return s;
        }
    }

    /** The one other natsj server process on this machine (recognised by its main class or jar). */
    private static long findServer(String program) throws SignalException {
        long self = ProcessHandle.current().pid();
        List<Long> pids = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(ph -> {
            Optional<String> cmd = ph.info().commandLine();
            if (ph.pid() != self && cmd.isPresent()
                    && (cmd.get().contains("natsj.jar") || cmd.get().contains(NatsjMain.class.getName()))) {
                pids.add(ph.pid());
            }
        });
        if (pids.isEmpty()) {
            throw new SignalException("no " + program + " processes running");
        }
        if (pids.size() > 1) {
            StringBuilder sb = new StringBuilder("multiple " + program + " processes running:");
            for (Long p : pids) {
                sb.append('\n').append(p);
            }
            throw new SignalException(sb.toString());
        }
        return pids.get(0);
    }

    private static void kill(long pid, String signal) throws SignalException {
        if (ProcessHandle.of(pid).isEmpty()) {
            throw new SignalException("no such process");
        }
        try {
            Process p = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new SignalException(out.isEmpty() ? "operation not permitted" : out);
            }
        } catch (IOException e) {
            throw new SignalException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignalException("interrupted");
        }
    }

    static final class SignalException extends Exception {
        private static final long serialVersionUID = 1L;

        SignalException(String message) {
            super(message);
        }
    }
}
