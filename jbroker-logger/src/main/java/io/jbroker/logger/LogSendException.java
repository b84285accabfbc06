package io.jbroker.logger;

/**
 * Thrown by {@link BrokerLogSender} when a batch did not reach every receiver: one had no room
 * within the timeout or was stalled (its overflow policy acted, counted at the endpoint), or the
 * sender or its endpoint is closed. Receivers that had room got the batch; the caller decides
 * whether to retry (a logger may then see some records twice), count or give up.
 */
public final class LogSendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final int records;

    LogSendException(String topic, int records, String reason, Throwable cause) {
        super(records + " log records on " + topic + " not delivered to every receiver: " + reason, cause);
        this.topic = topic;
        this.records = records;
    }

    /** The topic of the batch, e.g. {@code zeek/logs/Conn::LOG}. */
    public String topic() {
        return topic;
    }

    /** Records in the batch that failed (or whose stream announcement failed). */
    public int records() {
        return records;
    }
}
