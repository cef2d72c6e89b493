package io.natsj.cli.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MarkerFactory;

/**
 * A tiny program logging through SLF4J and {@link GoLog}, run as a child process by the tests (and by
 * hand to time start-up). Options: {@code -l FILE}, {@code --log_size_limit N}, {@code -T=false},
 * {@code -D}, {@code -V}, {@code -DV}; then {@code --} and steps: {@code I:msg} {@code D:msg} {@code T:msg}
 * {@code W:msg} {@code E:msg} {@code M:msg} (error with the FATAL marker) {@code F:msg} (GoLog.fatal),
 * {@code R:} (reopen), {@code Z:ms} (sleep), {@code V:from|to} (rename a file),
 * {@code P:msg} (GoLog.printAndDie), {@code H:status} (Runtime.halt), {@code N:count} (that many INF lines).
 */
public final class LogProbe {
    private LogProbe() {
    }

    public static void main(String[] args) throws Exception {
        GoLogSettings s = GoLogSettings.defaults();
        int i = 0;
        for (; i < args.length && !args[i].equals("--"); i++) {
            switch (args[i]) {
                case "-l": s = s.withLogFile(args[++i]); break;
                case "--log_size_limit": s = s.withSizeLimit(Long.parseLong(args[++i])); break;
                case "-T=false": s = s.withLogtime(false); break;
                case "-D": s = s.withDebug(true); break;
                case "-V": s = s.withTrace(true); break;
                case "-DV": s = s.withDebug(true).withTrace(true); break;
                default: throw new IllegalArgumentException(args[i]);
            }
        }
        try {
            GoLog.configure(s);
        } catch (java.io.IOException e) {
            GoLog.stdFatal(e.getMessage());
        }
        Logger log = LoggerFactory.getLogger("io.natsj.server.Server");
        for (i++; i < args.length; i++) {
            String a = args[i];
            String m = a.substring(2);
            switch (a.charAt(0)) {
                case 'I': log.info(m); break;
                case 'D': log.debug(m); break;
                case 'T': log.trace(m); break;
                case 'W': log.warn(m); break;
                case 'E': log.error(m); break;
                case 'M': log.error(MarkerFactory.getMarker("FATAL"), m); break;
                case 'F': GoLog.fatal(m); break;
                case 'P': GoLog.printAndDie(m); break;
                case 'H': Runtime.getRuntime().halt(Integer.parseInt(m)); break;
                case 'N': {
                    int n = Integer.parseInt(m);
                    for (int k = 0; k < n; k++) {
                        log.info("line {}", k);
                    }
                    break;
                }
                case 'R': GoLog.reopen(); break;
                case 'Z': Thread.sleep(Long.parseLong(m)); break;
                case 'V': {
                    int bar = m.indexOf('|');
                    java.nio.file.Files.move(java.nio.file.Path.of(m.substring(0, bar)),
                            java.nio.file.Path.of(m.substring(bar + 1)));
                    break;
                }
                default: throw new IllegalArgumentException(a);
            }
        }
    }
}
