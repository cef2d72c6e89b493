package io.natsj.auth;

/**
 * A stream or service taken from another account, as an entry of nats-server's {@code imports}.
 *
 * @param account the exporting account
 * @param subject the subject as exported
 * @param to services: the local subject clients publish to (null: the exported subject); streams:
 *     the local subject messages appear on (null: see prefix)
 * @param prefix streams only: the local subject is prefix + "." + subject (null: none)
 */
public record Import(boolean service, String account, String subject, String to, String prefix) {
    public static Import stream(String account, String subject, String prefix) {
        return new Import(false, account, subject, null, prefix);
    }

    public static Import service(String account, String subject, String to) {
        return new Import(true, account, subject, to, null);
    }
}
