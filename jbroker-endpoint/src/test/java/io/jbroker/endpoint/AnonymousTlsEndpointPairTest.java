package io.jbroker.endpoint;

/** {@link EndpointPairTest}'s scenarios over Broker's default anonymous TLS. */
class AnonymousTlsEndpointPairTest extends EndpointPairTest {
    @Override
    TlsConfig tls() {
        return TlsConfig.anonymous();
    }
}
