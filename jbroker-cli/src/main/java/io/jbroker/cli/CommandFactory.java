package io.jbroker.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Creates command objects for picocli, handing {@link Streams} to every command whose constructor
 * takes them; other classes come from picocli's default factory.
 */
final class CommandFactory implements CommandLine.IFactory {
    private final Streams streams;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(Streams streams) {
        this.streams = streams;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        Constructor<K> withStreams;
        try {
            withStreams = cls.getDeclaredConstructor(Streams.class);
        } catch (NoSuchMethodException e) {
            return fallback.create(cls);
        }
        return withStreams.newInstance(streams);
    }
}
