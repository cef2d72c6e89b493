package io.natsj.jetstream;

import io.natsj.store.ConsumerStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer requests of nats-server 2.9's JetStream API on a single server: CONSUMER.CREATE (the
 * legacy ephemeral form, and CREATE.&lt;stream&gt;.&lt;consumer&gt;[.&lt;filter&gt;]), DURABLE.CREATE,
 * INFO, NAMES, LIST and DELETE, with nats-server's check order, answers and errors. MSG.NEXT is not
 * here: each pull consumer subscribes its own.
 *
 * <p>Threading: the API thread; consumer state is read and changed on the stream's consumer thread
 * ({@link Consumers#call}).
 */
final class ConsumerApi {
    static final String CREATE = "$JS.API.CONSUMER.CREATE.*";
    static final String CREATE_EX = "$JS.API.CONSUMER.CREATE.*.>";
    static final String DURABLE_CREATE = "$JS.API.CONSUMER.DURABLE.CREATE.*.*";
    static final String INFO = "$JS.API.CONSUMER.INFO.*.*";
    static final String DELETE = "$JS.API.CONSUMER.DELETE.*.*";
    static final String NAMES = "$JS.API.CONSUMER.NAMES.*";
    static final String LIST = "$JS.API.CONSUMER.LIST.*";

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerApi.class);
    /** Unique ids for ephemeral names (nats-server hashes a NUID). API thread only. */
    private final java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

    void register(JetStreamApi api) {
        api.register(CREATE, this::create);
        api.register(CREATE_EX, this::create);
        api.register(DURABLE_CREATE, this::create);
        api.register(INFO, this::info);
        api.register(DELETE, this::delete);
        api.register(NAMES, this::names);
        api.register(LIST, this::list);
    }

    /** nats-server's jsConsumerCreateRequest and addConsumerWithAssignment, in their order. */
    private ApiAnswer create(ApiRequest r) {
        ConsumerConfigJson.CreateRequest req;
        try {
            req = ConsumerConfigJson.decodeCreateRequest(new String(r.body(), StandardCharsets.UTF_8));
        } catch (ConsumerConfigJson.InvalidJson e) {
            return createError(ApiErrors.INVALID_JSON);
        }
        try {
            ConsumerConfigCheck.CreateSubject subject = ConsumerConfigCheck.parseCreateSubject(r.subject());
            if (subject == null) {
                return null; // nats-server logs a bad request and answers nothing
            }
            JsAccount acc = r.account();
            if (acc == null) {
                return createError(ApiErrors.NOT_ENABLED_FOR_ACCOUNT);
            }
            ConsumerConfig config = ConsumerConfigCheck.checkCreateRequest(subject, req);
            Stream s = acc.streams().get(subject.stream());
            if (s == null) {
                return createError(ApiErrors.STREAM_NOT_FOUND);
            }
            ConsumerConfigCheck.Limits limits = new ConsumerConfigCheck.Limits(0, 0, acc.limits().maxAckPending(),
                    acc.limits().maxConsumers());
            config = ConsumerConfigCheck.check(config, s.config(), acc.streams()::config, limits);
            Consumers consumers = s.consumers();
            String existingName = ConsumerConfigCheck.existingName(config);
            Consumer existing = existingName == null ? null : consumers.get(existingName);
            if (existing != null) {
                ConsumerConfig requested = config;
                ConsumerConfig old = existing.config();
                boolean bound = old.isPush() && acc.streams().consumerIo().hasInterest(old.deliverSubject());
                ConsumerConfig kept = ConsumerConfigCheck.checkUpdate(old, requested, bound);
                ConsumerInfoJson.ConsumerInfo info = consumers.call(() -> {
                    if (!kept.equals(existing.config())) {
                        acc.streams().rewriteConsumerConfig(s, existing, kept);
                        existing.reconfigure(kept);
                    }
                    return existing.info();
                });
                return ApiAnswer.ok(ConsumerInfoJson.createResponse(info));
            }
            List<Consumer> all = consumers.all();
            int publicConsumers = (int) all.stream().filter(c -> !c.config().direct()).count();
            List<String> filters = all.stream().map(c -> c.config().filterSubject()).toList();
            ConsumerConfigCheck.checkNew(config, s.config(), publicConsumers, filters, limits);
            ConsumerConfig kept = ConsumerConfigCheck.forNewConsumer(config);
            String name = config.isDurable() ? config.durable() : config.name();
            if (name == null || name.isEmpty()) {
                do {
                    name = ConsumerConfigCheck.ephemeralName(Long.toString(ids.incrementAndGet()) + System.identityHashCode(this));
                } while (consumers.get(name) != null);
            }
            Instant created = Instant.now();
            ConsumerStore store;
            try {
                store = acc.streams().newConsumerStore(s, name, kept, created);
            } catch (RuntimeException e) {
                LOG.warn("Consumer create failed for '{} > {} > {}': {}", r.accountName(), s.name(), name, e.getMessage());
                return createError(ApiErrors.consumerCreate("error creating store for consumer"));
            }
            String consumerName = name;
            ConsumerInfoJson.ConsumerInfo info = consumers.call(() -> consumers.add(consumerName, kept, created, store, false).info());
            return ApiAnswer.ok(ConsumerInfoJson.createResponse(info)).withConsumer(s.name(), consumerName, Advisories.CREATE);
        } catch (ConsumerConfigCheck.Invalid e) {
            return createError(e.error);
        }
    }

    private static ApiAnswer createError(ApiError e) {
        return ApiAnswer.error(ConsumerInfoJson.createError(e));
    }

    private ApiAnswer info(ApiRequest r) {
        if (r.account() == null) {
            return ApiAnswer.error(ConsumerInfoJson.infoError(ApiErrors.NOT_ENABLED_FOR_ACCOUNT));
        }
        if (!ConsumerInfoJson.isEmptyRequest(r.body())) {
            return ApiAnswer.error(ConsumerInfoJson.infoError(ApiErrors.NOT_EMPTY_REQUEST));
        }
        Stream s = r.account().streams().get(r.token(4));
        if (s == null) {
            return ApiAnswer.error(ConsumerInfoJson.infoError(ApiErrors.STREAM_NOT_FOUND));
        }
        Consumer c = s.consumers().get(r.token(5));
        if (c == null) {
            return ApiAnswer.error(ConsumerInfoJson.infoError(ApiErrors.CONSUMER_NOT_FOUND));
        }
        return ApiAnswer.ok(ConsumerInfoJson.infoResponse(s.consumers().call(c::info)));
    }

    private ApiAnswer delete(ApiRequest r) {
        if (r.account() == null) {
            return ApiAnswer.error(ConsumerInfoJson.deleteError(ApiErrors.NOT_ENABLED_FOR_ACCOUNT));
        }
        if (!ConsumerInfoJson.isEmptyRequest(r.body())) {
            return ApiAnswer.error(ConsumerInfoJson.deleteError(ApiErrors.NOT_EMPTY_REQUEST));
        }
        Stream s = r.account().streams().get(r.token(4));
        if (s == null) {
            return ApiAnswer.error(ConsumerInfoJson.deleteError(ApiErrors.STREAM_NOT_FOUND));
        }
        String name = r.token(5);
        if (!s.consumers().call(() -> s.consumers().delete(name))) {
            return ApiAnswer.error(ConsumerInfoJson.deleteError(ApiErrors.CONSUMER_NOT_FOUND));
        }
        return ApiAnswer.ok(ConsumerInfoJson.deleteResponse()).withConsumer(s.name(), name, Advisories.DELETE);
    }

    private ApiAnswer names(ApiRequest r) {
        if (r.account() == null) {
            return ApiAnswer.error(ConsumerInfoJson.namesError(ApiErrors.NOT_ENABLED_FOR_ACCOUNT));
        }
        long offset;
        try {
            offset = ConsumerInfoJson.pageOffset(r.body());
        } catch (ConsumerConfigJson.InvalidJson e) {
            return ApiAnswer.error(ConsumerInfoJson.namesError(ApiErrors.INVALID_JSON));
        }
        Stream s = r.account().streams().get(r.token(4));
        if (s == null) {
            return ApiAnswer.error(ConsumerInfoJson.namesError(ApiErrors.STREAM_NOT_FOUND));
        }
        List<String> all = s.consumers().names();
        ConsumerInfoJson.Page p = ConsumerInfoJson.Page.of(all.size(), offset, ConsumerInfoJson.NAMES_LIMIT);
        return ApiAnswer.ok(ConsumerInfoJson.namesResponse(all.size(), p.offset(), all.subList(p.offset(), p.end())));
    }

    private ApiAnswer list(ApiRequest r) {
        if (r.account() == null) {
            return ApiAnswer.error(ConsumerInfoJson.listError(ApiErrors.NOT_ENABLED_FOR_ACCOUNT));
        }
        long offset;
        try {
            offset = ConsumerInfoJson.pageOffset(r.body());
        } catch (ConsumerConfigJson.InvalidJson e) {
            return ApiAnswer.error(ConsumerInfoJson.listError(ApiErrors.INVALID_JSON));
        }
        Stream s = r.account().streams().get(r.token(4));
        if (s == null) {
            return ApiAnswer.error(ConsumerInfoJson.listError(ApiErrors.STREAM_NOT_FOUND));
        }
        List<Consumer> all = s.consumers().all();
        ConsumerInfoJson.Page p = ConsumerInfoJson.Page.of(all.size(), offset, ConsumerInfoJson.LIST_LIMIT);
        List<Consumer> page = all.subList(p.offset(), p.end());
        List<ConsumerInfoJson.ConsumerInfo> infos = s.consumers().call(() -> page.stream().map(Consumer::info).toList());
        return ApiAnswer.ok(ConsumerInfoJson.listResponse(all.size(), p.offset(), infos));
    }
}
