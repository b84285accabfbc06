/** Broker's data model and its encodings; no network code. */
module io.jbroker.core {
    requires com.fasterxml.jackson.core;

    exports io.jbroker;
    exports io.jbroker.data;
}
