package io.jbroker.cli;

/** How {@code node}, {@code zeromq node} print received events: Broker's text form or JSON lines. */
enum OutputFormat {
    text,
    json
}
