package io.jbroker.internal.peer;

import java.util.List;

/**
 * The complete frames that one pass of the {@link FrameDecoder} found in its input, in order, each
 * a {@code byte[]} with its length prefix: one pipeline event per socket read instead of one per
 * frame.
 */
public record FrameBatch(List<byte[]> frames) {}
