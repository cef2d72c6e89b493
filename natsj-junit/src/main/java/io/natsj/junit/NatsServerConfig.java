package io.natsj.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Options for the server that {@link NatsServerExtension} starts, on a test method (wins) or class.
 * Every attribute left at its default keeps nats-server's default; the server always binds
 * 127.0.0.1 on a free port.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface NatsServerConfig {
    int maxPayload() default -1;

    int maxControlLine() default -1;

    int maxConnections() default -1;

    int maxSubscriptions() default -1;

    long maxPending() default -1;

    long writeDeadlineMillis() default -1;

    long pingIntervalMillis() default -1;

    int maxPingsOut() default -1;
}
