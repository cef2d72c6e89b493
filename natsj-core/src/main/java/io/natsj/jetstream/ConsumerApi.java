package io.natsj.jetstream;

import io.natsj.store.ConsumerStore;
import java.time.Instant;
import java.util.List;

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

    private final JetStream js;

    ConsumerApi(JetStream js) {
        this.js = js;
    }

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
        String type = ConsumerInfoJson.CREATE_TYPE;
        ConsumerConfigJson.CreateRequest req;
        try {
            req = ConsumerConfigJson.decodeCreateRequest(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (ConsumerConfigJson.InvalidJson e) {
            return ApiAnswer.error(type, ApiErrors.INVALID_JSON);
        }
        String[] tokens = r.subject().split("\\.", -1);
        ApiError refused = ConsumerConfigCheck.checkSubject(tokens, req);
        if (refused == ConsumerConfigCheck.NO_ANSWER) {
            return null;
        }
        if (r.account() == null) {
            return ApiAnswer.error(type, ApiErrors.NOT_ENABLED_FOR_ACCOUNT);
        }
        if (refused != null) {
            return ApiAnswer.error(type, refused);
        }
        ConsumerConfig config = ConsumerConfigCheck.named(tokens, req.config());
        if (config.replicas() > 1) {
            return ApiAnswer.error(type, ApiErrors.STREAM_REPLICAS_NOT_SUPPORTED);
        }
        Stream s = r.account().streams().get(req.stream());
        if (s == null) {
            return ApiAnswer.error(type, ApiErrors.STREAM_NOT_FOUND);
        }
        JsAccount acc = r.account();
        config = ConsumerConfigCheck.defaults(config, acc.limits());
        refused = ConsumerConfigCheck.check(config, s.config(), js.config(), acc.limits(), false);
        if (refused != null) {
            return ApiAnswer.error(type, refused);
        }
        Consumers consumers = s.consumers();
        String name = config.isDurable() ? config.durable() : config.name();
        if (name != null && !name.isEmpty()) {
            Consumer existing = consumers.get(name);
            if (existing != null) {
                ConsumerConfig update = config;
                ApiError e = consumers.call(() -> ConsumerConfigCheck.checkUpdate(existing.config(), update,
                        existing.config().isPush() && consumersIo(acc).hasInterest(existing.config().deliverSubject())));
                if (e != null) {
                    return ApiAnswer.error(type, e);
                }
                Consumer.Info info = consumers.call(() -> {
                    if (!existing.config().equals(update)) {
                        acc.streams().rewriteConsumerConfig(s, existing, update);
                        existing.reconfigure(update);
                    }
                    return existing.info();
                });
                return ApiAnswer.ok(ConsumerInfoJson.createAnswer(s.name(), existing.name, info));
            }
        }
        long maxc = s.config().maxConsumers();
        long accountMax = acc.limits().maxConsumers();
        if (maxc <= 0 || (accountMax > 0 && accountMax < maxc)) {
            maxc = accountMax;
        }
        if (maxc > 0 && consumers.count() >= maxc) {
            return ApiAnswer.error(type, ApiErrors.MAXIMUM_CONSUMERS_LIMIT);
        }
        refused = ConsumerConfigCheck.checkWorkQueue(config, s.config(), consumers.all().stream().map(Consumer::config).toList());
        if (refused != null) {
            return ApiAnswer.error(type, refused);
        }
        if (name == null || name.isEmpty()) {
            do {
                name = ConsumerConfigCheck.randomName();
            } while (consumers.get(name) != null);
            config = ConsumerConfigCheck.withName(config, name);
        }
        refused = ConsumerConfigCheck.checkName(name, config.isDurable());
        if (refused != null) {
            return ApiAnswer.error(type, refused);
        }
        Instant created = Instant.now();
        ConsumerStore store;
        try {
            store = acc.streams().newConsumerStore(s, name, config, created);
        } catch (RuntimeException e) {
            return ApiAnswer.error(type, ApiErrors.consumerStoreFailed(String.valueOf(e.getMessage())));
        }
        String consumerName = name;
        ConsumerConfig checked = config;
        Consumer.Info info = consumers.call(() -> consumers.add(consumerName, checked, created, store, false).info());
        return ApiAnswer.ok(ConsumerInfoJson.createAnswer(s.name(), consumerName, info))
                .withConsumer(s.name(), consumerName, Advisories.CREATE);
    }

    private static ConsumerIo consumersIo(JsAccount acc) {
        return acc.streams().consumerIo();
    }

    private ApiAnswer info(ApiRequest r) {
        String type = ConsumerInfoJson.INFO_TYPE;
        if (r.account() == null) {
            return ApiAnswer.error(type, ApiErrors.NOT_ENABLED_FOR_ACCOUNT);
        }
        Stream s = r.account().streams().get(r.token(4));
        if (s == null) {
            return ApiAnswer.error(type, ApiErrors.STREAM_NOT_FOUND);
        }
        Consumer c = s.consumers().get(r.token(5));
        if (c == null) {
            return ApiAnswer.error(type, ApiErrors.CONSUMER_NOT_FOUND);
        }
        Consumer.Info info = s.consumers().call(c::info);
        return ApiAnswer.ok(ConsumerInfoJson.infoAnswer(s.name(), c.name, info));
    }

    private ApiAnswer delete(ApiRequest r) {
        String type = ConsumerInfoJson.DELETE_TYPE;
        if (r.account() == null) {
            return ApiAnswer.error(type, ApiErrors.NOT_ENABLED_FOR_ACCOUNT);
        }
        Stream s = r.account().streams().get(r.token(4));
        if (s == null) {
            return ApiAnswer.error(type, ApiErrors.STREAM_NOT_FOUND);
        }
        String name = r.token(5);
        boolean deleted = s.consumers().call(() -> s.consumers().delete(name));
        if (!deleted) {
            return ApiAnswer.error(type, ApiErrors.CONSUMER_NOT_FOUND);
        }
        return ApiAnswer.ok(ConsumerInfoJson.deleteAnswer()).withConsumer(s.name(), name, Advisories.DELETE);
    }

    private ApiAnswer names(ApiRequest r) {
        String type = ConsumerInfoJson.NAMES_TYPE;
        if (r.account() == null) {
            return ApiAnswer.error(type, ApiErrors.NOT_ENABLED_FOR_ACCOUNT, ConsumerInfoJson.NAMES_ERROR_MEMBERS);
        }
        int offset;
        try {
            offset = ConsumerInfoJson.offset(r.body(), "server.JSApiConsumersRequest");
        } catch (ConsumerConfigJson.InvalidJson e) {
            return ApiAnswer.error(type, ApiErrors.INVALID_JSON, ConsumerInfoJson.NAMES_ERROR_MEMBERS);
        }
        Stream s = r.account().streams().get(r.token(4));
        if (s == null) {
            return ApiAnswer.error(type, ApiErrors.STREAM_NOT_FOUND, ConsumerInfoJson.NAMES_ERROR_MEMBERS);
        }
        return ApiAnswer.ok(ConsumerInfoJson.namesAnswer(s.consumers().names(), offset));
    }

    private ApiAnswer list(ApiRequest r) {
        String type = ConsumerInfoJson.LIST_TYPE;
        if (r.account() == null) {
            return ApiAnswer.error(type, ApiErrors.NOT_ENABLED_FOR_ACCOUNT, ConsumerInfoJson.LIST_ERROR_MEMBERS);
        }
        int offset;
        try {
            offset = ConsumerInfoJson.offset(r.body(), "server.JSApiConsumersRequest");
        } catch (ConsumerConfigJson.InvalidJson e) {
            return ApiAnswer.error(type, ApiErrors.INVALID_JSON, ConsumerInfoJson.LIST_ERROR_MEMBERS);
        }
        Stream s = r.account().streams().get(r.token(4));
        if (s == null) {
            return ApiAnswer.error(type, ApiErrors.STREAM_NOT_FOUND, ConsumerInfoJson.LIST_ERROR_MEMBERS);
        }
        List<Consumer> all = s.consumers().all();
        List<ConsumerInfoJson.Named> infos = s.consumers().call(() -> all.stream()
                .filter(c -> !c.closed()).map(c -> new ConsumerInfoJson.Named(c.name, c.info())).toList());
        return ApiAnswer.ok(ConsumerInfoJson.listAnswer(s.name(), infos, offset));
    }
}
