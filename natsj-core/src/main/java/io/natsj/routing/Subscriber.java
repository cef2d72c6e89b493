package io.natsj.routing;

/**
 * The owner of a {@link Subscription}: in the server, a client connection. Routing only needs identity;
 * the server casts back to its own type when it delivers.
 */
public interface Subscriber {
}
