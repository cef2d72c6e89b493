package io.natsj.junit;

import io.natsj.NatsServer;
import io.natsj.NatsServerOptions;
import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Gives tests a running natsj server as a {@link NatsServer} parameter.
 *
 * <p>Where the parameter is asked for decides how long the server lives: in a test method it is
 * started for that method and closed after it; in a {@code @BeforeAll} method or the constructor of a
 * {@code PER_CLASS} test class it is shared by the class and closed after it. Options come from
 * {@link NatsServerConfig} on the method or class, or from the customizer given when the extension is
 * registered with {@code @RegisterExtension}.
 *
 * <pre>{@code
 * @ExtendWith(NatsServerExtension.class)
 * class MyTest {
 *     @Test
 *     void works(NatsServer server) throws Exception {
 *         try (Connection nc = Nats.connect(server.clientUrl())) { ... }
 *     }
 * }
 * }</pre>
 */
public final class NatsServerExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NatsServerExtension.class);

    private final Consumer<NatsServerOptions.Builder> customizer;

    /** Used by {@code @ExtendWith}: options from {@link NatsServerConfig} only. */
    public NatsServerExtension() {
        this(b -> { });
    }

    /** For {@code @RegisterExtension}: the customizer runs after {@link NatsServerConfig} is applied. */
    public NatsServerExtension(Consumer<NatsServerOptions.Builder> customizer) {
        this.customizer = customizer;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == NatsServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        try {
            return context.getStore(NAMESPACE)
                    .getOrComputeIfAbsent(RunningServer.class, k -> new RunningServer(start(context)), RunningServer.class)
                    .server;
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("could not start natsj: " + e.getMessage(), e);
        }
    }

    private NatsServer start(ExtensionContext context) {
        NatsServerOptions.Builder b = NatsServerOptions.builder().host("127.0.0.1").port(0);
        config(context).ifPresent(c -> apply(c, b));
        customizer.accept(b);
        return new NatsServer(b.build()).start();
    }

    private static Optional<NatsServerConfig> config(ExtensionContext context) {
        Optional<NatsServerConfig> onMethod = context.getTestMethod()
                .flatMap(m -> AnnotationSupport.findAnnotation((AnnotatedElement) m, NatsServerConfig.class));
        if (onMethod.isPresent()) {
            return onMethod;
        }
        return context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, NatsServerConfig.class));
    }

    private static void apply(NatsServerConfig c, NatsServerOptions.Builder b) {
        if (c.maxPayload() > 0) {
            b.maxPayload(c.maxPayload());
        }
        if (c.maxControlLine() > 0) {
            b.maxControlLine(c.maxControlLine());
        }
        if (c.maxConnections() > 0) {
            b.maxConnections(c.maxConnections());
        }
        if (c.maxSubscriptions() >= 0) {
            b.maxSubscriptions(c.maxSubscriptions());
        }
        if (c.maxPending() > 0) {
            b.maxPending(c.maxPending());
        }
        if (c.writeDeadlineMillis() > 0) {
            b.writeDeadline(Duration.ofMillis(c.writeDeadlineMillis()));
        }
        if (c.pingIntervalMillis() > 0) {
            b.pingInterval(Duration.ofMillis(c.pingIntervalMillis()));
        }
        if (c.maxPingsOut() > 0) {
            b.maxPingsOut(c.maxPingsOut());
        }
    }

    /** Closes the server when JUnit closes the store it lives in. */
    @SuppressWarnings("deprecation") // CloseableResource keeps the extension working on JUnit before 5.13
    private static final class RunningServer implements ExtensionContext.Store.CloseableResource {
        final NatsServer server;

        RunningServer(NatsServer server) {
            this.server = server;
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
