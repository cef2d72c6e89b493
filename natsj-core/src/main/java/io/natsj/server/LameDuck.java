package io.natsj.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lame duck mode, as nats-server does it: stop accepting, tell every client (an INFO with
 * {@code "ldm":true}) so that it can move elsewhere, wait the grace period, then close the clients
 * one by one spread over the rest of lame_duck_duration (at most a second apart), then shut down.
 * Runs on its own thread; {@link Server#shutdown} cuts it short.
 */
final class LameDuck implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LameDuck.class);

    private final Server server;

    LameDuck(Server server) {
        this.server = server;
    }

    @Override
    public void run() {
        try {
            runInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runInterruptibly() throws InterruptedException {
        List<ClientConnection> clients = new ArrayList<>(server.clients());
        if (clients.isEmpty()) {
            server.shutdown();
            return;
        }
        Duration grace = server.options.lameDuckGracePeriod();
        long spreadNanos = server.options.lameDuckDuration().minus(grace).toNanos();
        if (spreadNanos <= 0) {
            spreadNanos = TimeUnit.SECONDS.toNanos(1);
        }
        long n = clients.size();
        int batch = 1;
        long interval = spreadNanos / n;
        if (interval < 1) {
            interval = 1;
            batch = (int) (n / spreadNanos);
        } else if (interval > TimeUnit.SECONDS.toNanos(1)) {
            interval = TimeUnit.SECONDS.toNanos(1);
        }
        for (ClientConnection c : clients) {
            c.sendLameDuckInfoFromAnyThread();
        }
        if (server.awaitShutdown(grace.toNanos())) {
            return;
        }
        LOG.info("Closing existing clients");
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).closeFromAnyThread(ClosedReason.SERVER_SHUTDOWN);
            if (i == clients.size() - 1) {
                break;
            }
            if (batch == 1 || i % batch == 0) {
                long pause = Math.max(interval / 2, ThreadLocalRandom.current().nextLong(interval));
                if (server.awaitShutdown(pause)) {
                    return;
                }
            }
        }
        server.shutdown();
    }
}
