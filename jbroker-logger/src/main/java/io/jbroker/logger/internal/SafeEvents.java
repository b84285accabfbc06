package io.jbroker.logger.internal;

import io.jbroker.logger.LogEvents;
import java.nio.file.Path;

/** A {@link LogEvents} that contains what the user's implementation throws. */
public final class SafeEvents implements LogEvents {
    private final LogEvents delegate;

    public SafeEvents(LogEvents delegate) {
        this.delegate = delegate;
    }

    private static void run(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // A listener's failure must not stop the writer.
        }
    }

    @Override
    public void opened(String path, Path file) {
        run(() -> delegate.opened(path, file));
    }

    @Override
    public void rotated(String path, Path file, Path rotatedTo) {
        run(() -> delegate.rotated(path, file, rotatedTo));
    }

    @Override
    public void closed(String path, Path file) {
        run(() -> delegate.closed(path, file));
    }

    @Override
    public void rejected(String path, long records, String reason) {
        run(() -> delegate.rejected(path, records, reason));
    }

    @Override
    public void dropped(String path, long records, String reason) {
        run(() -> delegate.dropped(path, records, reason));
    }

    @Override
    public void malformed(String source, String reason) {
        run(() -> delegate.malformed(source, reason));
    }

    @Override
    public void error(String path, Path file, Exception cause) {
        run(() -> delegate.error(path, file, cause));
    }
}
