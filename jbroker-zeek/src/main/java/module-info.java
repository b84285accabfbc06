/** Typed views of Zeek's message shapes over Broker data. */
module io.jbroker.zeek {
    requires transitive io.jbroker.core;

    exports io.jbroker.zeek;
    exports io.jbroker.zeek.log;
}
