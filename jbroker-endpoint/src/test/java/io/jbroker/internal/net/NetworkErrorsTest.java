package io.jbroker.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.endpoint.NetworkInfo;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NetworkErrorsTest {
    @Test
    void unresolvedHostSaysSo() {
        assertThat(NetworkErrors.describe(new UnknownHostException("no-such-host.invalid")))
                .isEqualTo("host not found");
        assertThat(NetworkErrors.describe(new IOException("wrapped", new UnknownHostException("x"))))
                .isEqualTo("host not found");
    }

    @Test
    void systemCallPrefixesAndAddressAnnotationsAreDropped() {
        assertThat(NetworkErrors.describe(new IOException("recvAddress(..) failed: Connection reset by peer")))
                .isEqualTo("connection reset by peer");
        assertThat(NetworkErrors.describe(new ConnectException("connect(..) failed: Connection refused: /127.0.0.1:1")))
                .isEqualTo("connection refused");
        assertThat(NetworkErrors.describe(new IOException("Connection reset"))).isEqualTo("connection reset by peer");
        assertThat(NetworkErrors.describe(new ClosedChannelException())).isEqualTo("connection closed");
    }

    @Test
    void ipv6AddressesTakeBrackets() {
        assertThat(NetworkErrors.hostPort("::1", 9999)).isEqualTo("[::1]:9999");
        assertThat(NetworkErrors.hostPort("127.0.0.1", 9999)).isEqualTo("127.0.0.1:9999");
        assertThat(NetworkErrors.hostPort("zeek.example", 47761)).isEqualTo("zeek.example:47761");
        assertThat(new NetworkInfo("fe80::1%eth0", 9999, Duration.ZERO).toString())
                .isEqualTo("[fe80::1%eth0]:9999");
        assertThat(new NetworkInfo("127.0.0.1", 9999, Duration.ZERO).toString()).isEqualTo("127.0.0.1:9999");
    }
}
