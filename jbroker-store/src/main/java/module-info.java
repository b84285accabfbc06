/** Broker data stores: replicated key-value stores (one master, any number of clones) over peerings. */
module io.jbroker.store {
    requires transitive io.jbroker.endpoint;
    requires transitive io.jbroker.zeek;
    requires org.xerial.sqlitejdbc;

    exports io.jbroker.store;
}
