package io.jbroker.zeek;

/**
 * A {@code Cluster::table_change_infos} event whose shape does not match Zeek's declaration. The
 * {@link #problem()} says which part is wrong; the message says how.
 */
public final class TableChangeDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Which part of the event was malformed. */
    public enum Problem {
        /** The event is not named {@code Cluster::table_change_infos}. */
        WRONG_EVENT,
        /** The argument list is not {@code (header, vector of changes)}. */
        BAD_ARGUMENTS,
        /** The {@code TableChangeHeader} record is malformed. */
        BAD_HEADER,
        /** A {@code TableChangeInfo} record is malformed. */
        BAD_CHANGE
    }

    private final Problem problem;

    public TableChangeDecodeException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
