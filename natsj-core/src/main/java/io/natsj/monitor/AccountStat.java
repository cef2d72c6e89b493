package io.natsj.monitor;

/**
 * One account's traffic as /accstatz shows it (nats-server's AccountStat).
 *
 * @param sentMsgs messages delivered for publishers of this account
 * @param receivedMsgs messages this account's clients published
 */
public record AccountStat(String account, int conns, int leafNodes, long sentMsgs, long sentBytes,
        long receivedMsgs, long receivedBytes, long slowConsumers) {
}
