package io.natsj.monitor;

/**
 * One subscription as nats-server's SubDetail shows it.
 *
 * @param account the subscribing client's account name
 * @param queue null for a plain subscription
 * @param max the auto-unsubscribe limit; 0 for none
 */
public record SubDetail(String account, String subject, String queue, String sid, long msgs, long max, long cid) {
}
