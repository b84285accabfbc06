package io.jbroker.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnonTlsHandlerTest {
    private static final int TLS12 = 0x0303;
    private static final int TLS13 = 0x0304;
    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_HELLO = 2;
    private static final int SERVER_KEY_EXCHANGE = 12;

    private final AnonymousTls tls = new AnonymousTls();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel channel(boolean client, Recorder recorder) {
        EmbeddedChannel ch = new EmbeddedChannel(new AnonTlsHandler(tls, client), recorder);
        channels.add(ch);
        return ch;
    }

    private static byte[] drainOutbound(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            out.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        return out.toByteArray();
    }

    private static TlsHello.Hello firstHello(byte[] stream, int type) {
        TlsHello.Message m = TlsHello.handshakeMessages(stream).get(0);
        assertThat(m.type()).isEqualTo(type);
        return type == CLIENT_HELLO ? TlsHello.clientHello(m.body()) : TlsHello.serverHello(m.body());
    }

    @Test
    void capturedBrokerClientHelloOffersTls13AndTheAnonSuiteOnSecp384r1() {
        TlsHello.Hello broker = firstHello(TlsHello.resource("connector_first_bytes_tls.c2s.hex"), CLIENT_HELLO);
        assertThat(broker.cipherSuites()).contains(AnonymousTls.CIPHER_SUITE, 0x1301, 0x1302, 0x1303);
        assertThat(broker.supportedGroups()).containsExactly(AnonymousTls.GROUP);
        assertThat(broker.supportedVersions()).containsExactly(TLS13, TLS12);
    }

    @Test
    void clientHelloOffersOnlyTheAnonSuiteOnSecp384r1WithTls12LikeBroker() {
        Recorder recorder = new Recorder();
        byte[] ours = drainOutbound(channel(true, recorder));
        TlsHello.Hello hello = firstHello(ours, CLIENT_HELLO);
        TlsHello.Hello broker = firstHello(TlsHello.resource("connector_first_bytes_tls.c2s.hex"), CLIENT_HELLO);

        assertThat(hello.legacyVersion()).isEqualTo(TLS12).isEqualTo(broker.legacyVersion());
        assertThat(hello.cipherSuites()).contains(AnonymousTls.CIPHER_SUITE);
        assertThat(hello.cipherSuites())
                .as("only the anon suite and signalling values")
                .allMatch(s -> s == AnonymousTls.CIPHER_SUITE || s == 0x00ff);
        assertThat(broker.cipherSuites()).containsAll(hello.cipherSuites());
        assertThat(hello.supportedGroups()).containsExactly(AnonymousTls.GROUP).isEqualTo(broker.supportedGroups());
        assertThat(hello.extensions()).doesNotContainKey(TlsHello.SUPPORTED_VERSIONS);

        // Every extension we send, Broker sends too (ec_point_formats, supported_groups,
        // encrypt_then_mac, extended_master_secret, signature_algorithms). Broker's extra ones are
        // session_ticket and the TLS 1.3-only supported_versions, psk_key_exchange_modes, key_share.
        assertThat(broker.extensions().keySet()).containsAll(hello.extensions().keySet());
        Set<Integer> missing = new TreeSet<>(broker.extensions().keySet());
        missing.removeAll(hello.extensions().keySet());
        assertThat(missing).containsExactly(0x0023, 0x002b, 0x002d, 0x0033);
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void serverAnswersBrokersClientHelloWithTls12TheAnonSuiteAndSecp384r1() {
        Recorder recorder = new Recorder();
        EmbeddedChannel server = channel(false, recorder);
        server.writeInbound(Unpooled.wrappedBuffer(TlsHello.resource("connector_first_bytes_tls.c2s.hex")));
        byte[] flight = drainOutbound(server);

        List<TlsHello.Message> messages = TlsHello.handshakeMessages(flight);
        assertThat(messages).extracting(TlsHello.Message::type).startsWith(SERVER_HELLO, SERVER_KEY_EXCHANGE);
        TlsHello.Hello serverHello = TlsHello.serverHello(messages.get(0).body());
        assertThat(serverHello.legacyVersion()).isEqualTo(TLS12);
        assertThat(serverHello.cipherSuites()).containsExactly(AnonymousTls.CIPHER_SUITE);
        assertThat(serverHello.extensions()).doesNotContainKey(TlsHello.SUPPORTED_VERSIONS);
        assertThat(TlsHello.serverKeyExchangeCurve(messages.get(1).body())).isEqualTo(AnonymousTls.GROUP);
        assertThat(recorder.events).as("handshake still running").isEmpty();
    }

    @Test
    void writesBeforeTheHandshakeArriveInOrderAfterIt() {
        Recorder clientSide = new Recorder();
        Recorder serverSide = new Recorder();
        EmbeddedChannel client = channel(true, clientSide);
        EmbeddedChannel server = channel(false, serverSide);
        client.writeAndFlush(Unpooled.copiedBuffer("first ", StandardCharsets.US_ASCII));
        client.writeAndFlush(Unpooled.copiedBuffer("second", StandardCharsets.US_ASCII));
        pump(client, server);

        assertThat(clientSide.events).containsExactly(SslHandshakeCompletionEvent.SUCCESS);
        assertThat(serverSide.events).containsExactly(SslHandshakeCompletionEvent.SUCCESS);
        assertThat(serverSide.text()).isEqualTo("first second");

        server.writeAndFlush(Unpooled.copiedBuffer("reply", StandardCharsets.US_ASCII));
        pump(client, server);
        assertThat(clientSide.text()).isEqualTo("reply");
    }

    @Test
    void garbageInsteadOfAServerHelloFailsTheHandshakeAndCloses() {
        Recorder recorder = new Recorder();
        EmbeddedChannel client = channel(true, recorder);
        drainOutbound(client);
        // A plain Broker probe frame where the ServerHello should be.
        client.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 5, 7, 0x5a, 0x45, 0x45, 0x4b}));
        assertThat(recorder.events).hasSize(1);
        SslHandshakeCompletionEvent e = (SslHandshakeCompletionEvent) recorder.events.get(0);
        assertThat(e.isSuccess()).isFalse();
        assertThat(client.isActive()).isFalse();
    }

    private static void pump(EmbeddedChannel a, EmbeddedChannel b) {
        for (int i = 0; i < 20; i++) {
            byte[] ab = drainOutbound(a);
            byte[] ba = drainOutbound(b);
            if (ab.length == 0 && ba.length == 0) {
                return;
            }
            if (ab.length > 0) {
                b.writeInbound(Unpooled.wrappedBuffer(ab));
            }
            if (ba.length > 0) {
                a.writeInbound(Unpooled.wrappedBuffer(ba));
            }
        }
    }

    /** Records user events and plaintext behind the TLS handler. */
    static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<Object> events = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            text.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }

        String text() {
            String s = text.toString();
            text.setLength(0);
            return s;
        }
    }
}
