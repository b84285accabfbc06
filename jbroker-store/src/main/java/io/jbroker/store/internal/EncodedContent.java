package io.jbroker.store.internal;

/**
 * What a master's channel carries per update: the command and, for a writer's put, erase or clear
 * that the master passes on unchanged, its content bytes as received (index byte and fields, the
 * part after the header), so that the update is broadcast and re-sent with those bytes instead of
 * being encoded again (see {@link CommandCodec#decodeForRelay}). Other updates are encoded when
 * sent, once per envelope for every clone.
 *
 * <p>Immutable; the received bytes are a frame nobody modifies.
 */
public final class EncodedContent {
    private final StoreCommand command;
    private final byte[] bytes;
    private final int offset;
    private final int length;

    private EncodedContent(StoreCommand command, byte[] bytes, int offset, int length) {
        this.command = command;
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    /** An update that is encoded when sent. */
    public static EncodedContent of(StoreCommand command) {
        return new EncodedContent(command, null, 0, 0);
    }

    /** An update sent as these received bytes, which encode exactly {@code command}. */
    static EncodedContent received(StoreCommand command, byte[] bytes, int offset, int length) {
        return new EncodedContent(command, bytes, offset, length);
    }

    public StoreCommand command() {
        return command;
    }

    /** Whether the content is sent as received bytes. */
    public boolean isRelayed() {
        return bytes != null;
    }

    /** Appends the content's encoding. */
    public void writeTo(CommandCodec.Out o) {
        if (bytes != null) {
            o.bytes(bytes, offset, length);
        } else {
            CommandCodec.encodeContent(o, command);
        }
    }
}
