package io.jbroker.internal.core;

import io.jbroker.Topic;
import io.jbroker.endpoint.Endpoint;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The few internals of an {@link Endpoint} that the command port needs (its router, and adding a
 * topic to its announced filter), installed once by {@code Endpoint} itself so that they stay out
 * of its public API.
 */
public final class EndpointHooks {
    private static volatile Function<Endpoint, Router> routers;
    private static volatile BiConsumer<Endpoint, Topic> announcer;

    private EndpointHooks() {}

    /** Called once from {@code Endpoint}'s static initializer. */
    public static void install(Function<Endpoint, Router> routerOf, BiConsumer<Endpoint, Topic> announce) {
        routers = Objects.requireNonNull(routerOf);
        announcer = Objects.requireNonNull(announce);
    }

    public static Router router(Endpoint e) {
        return routers.apply(e);
    }

    public static void announce(Endpoint e, Topic topic) {
        announcer.accept(e, topic);
    }
}
