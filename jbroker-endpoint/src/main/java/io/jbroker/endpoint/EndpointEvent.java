package io.jbroker.endpoint;

import io.jbroker.data.Data;

/** A status or error event an endpoint reports about its peerings. */
public sealed interface EndpointEvent permits Status, ErrorEvent {
    /** The event in Broker's data layout, as published on the local status/error topics. */
    Data toData();
}
