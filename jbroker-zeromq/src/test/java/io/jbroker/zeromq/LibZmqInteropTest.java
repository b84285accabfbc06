package io.jbroker.zeromq;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.data.BinaryFormat;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.Subscriber;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Against libzmq, the library Zeek links: Zeek's proxy (XPUB_VERBOSER, XPUB_NODROP) and a node in
 * pyzmq exchanging the digest's {@code Supervisor::node_status} vector with a {@link ZeroMqNode}
 * both ways. Skipped, loudly, without python3-zmq.
 */
class LibZmqInteropTest extends ZeroMqTestBase {
    @Test
    void libzmqProxyAndNodeExchangeEventsWithAJeroMqNode() throws Exception {
        LibZmqProxy proxy = closing(new LibZmqProxy());
        Endpoint e = endpoint();
        Subscriber s = e.subscribe("zeek.py.out");
        ZeroMqNode node = node(e, proxy.nodeConfig("jvm"));
        byte[] vector = CapturedFramesTest.nodeStatusVector();
        String pyId = "zeromq_py_vm_1_NBBBBBBBBBBBBBBBBB";

        Path script = Files.createTempFile("libzmq_node", ".py");
        script.toFile().deleteOnExit();
        try (InputStream in = getClass().getResourceAsStream("/python/libzmq_node.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Process py = new ProcessBuilder(
                        LibZmqProxy.PYTHON,
                        script.toString(),
                        proxy.xpub(),
                        proxy.xsub(),
                        pyId,
                        "zeek.py.in",
                        "zeek.py.out",
                        "zeek.py.out.x",
                        HexFormat.of().formatHex(vector))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("sent");
            DataMessage got = receive(s, 1).get(0);
            assertThat(got.topic()).isEqualTo(Topic.of("zeek.py.out.x"));
            assertThat(BinaryFormat.encode(got.data())).isEqualTo(vector);

            Await.until(
                    "the pyzmq node's subscription", () -> node.clusterTopics().contains(Topic.of("zeek.py.in")));
            e.publish("zeek.py.in.y", got.data());
            String line = out.readLine();
            assertThat(line).startsWith("got ");
            String[] frames = line.substring(4).split(" ");
            assertThat(frames).hasSize(4);
            assertThat(new String(HexFormat.of().parseHex(frames[0]), StandardCharsets.UTF_8))
                    .isEqualTo("zeek.py.in.y");
            assertThat(new String(HexFormat.of().parseHex(frames[1]), StandardCharsets.UTF_8))
                    .isEqualTo(node.nodeId());
            assertThat(new String(HexFormat.of().parseHex(frames[2]), StandardCharsets.UTF_8))
                    .isEqualTo("broker-bin-v1");
            assertThat(HexFormat.of().parseHex(frames[3])).isEqualTo(vector);
            assertThat(py.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(py.exitValue()).isZero();
        } finally {
            py.destroyForcibly();
        }
    }
}
