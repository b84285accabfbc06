/**
 * A Zeek logger node for the JVM: {@link io.jbroker.logger.LogDirectoryWriter} writes Zeek's ASCII
 * or JSON log files (one per path, rotated by interval or on demand) from {@link
 * io.jbroker.zeek.log.LogBatch}es; {@link io.jbroker.logger.ZmqLogReceiver} and {@link
 * io.jbroker.logger.BrokerLogReceiver} feed it from ZeroMQ PUSH senders and Broker peers; {@link
 * io.jbroker.logger.LogStream} is the producer side.
 */
package io.jbroker.logger;
