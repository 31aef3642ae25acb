package io.inventorysync.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventorysync.metrics.ServiceMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The router frame format of wire-protocol.md §1, decoded from arbitrary TCP read boundaries; the frames a read
 * loop completes are passed on together, in order ({@code writeInbound} is one read loop).
 */
class RouterFrameCodecTest {

    private final ServiceMetrics metrics = new ServiceMetrics();
    private final EmbeddedChannel channel =
            new EmbeddedChannel(new RouterFrameDecoder(64, metrics), new RouterFrameEncoder());

    @Test
    void encodesLittleEndianSizesHeaderAndBody() {
        byte[] bytes = RouterFrame.bytesOf(RouterFrame.of("001 syscollector_sync", new byte[] {1, 2, 3}));
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(buf.getInt()).isEqualTo(4 + 21 + 3);
        assertThat(buf.getInt()).isEqualTo(21);
        byte[] header = new byte[21];
        buf.get(header);
        assertThat(new String(header, StandardCharsets.US_ASCII)).isEqualTo("001 syscollector_sync");
        assertThat(buf.get()).isEqualTo((byte) 1);

        channel.writeOutbound(RouterFrame.of("001 syscollector_sync", new byte[] {1, 2, 3}));
        ByteBuf out = channel.readOutbound();
        byte[] viaNetty = new byte[out.readableBytes()];
        out.readBytes(viaNetty);
        out.release();
        assertThat(viaNetty).isEqualTo(bytes);
    }

    @Test
    void roundTripsFramesWithAndWithoutHeader() {
        channel.writeInbound(Unpooled.wrappedBuffer(RouterFrame.bytesOf(RouterFrame.of("P", body(10)))));
        channel.writeInbound(Unpooled.wrappedBuffer(RouterFrame.bytesOf(RouterFrame.of("", body(0)))));
        RouterFrame first = single(channel.readInbound());
        RouterFrame second = single(channel.readInbound());
        assertThat(first.header()).isEqualTo("P");
        assertThat(first.body()).isEqualTo(body(10));
        assertThat(second.header()).isEmpty();
        assertThat(second.body()).isEmpty();
    }

    @Test
    void reassemblesAFrameSplitOverManyReads() {
        byte[] bytes = RouterFrame.bytesOf(RouterFrame.of("P", body(40)));
        for (int i = 0; i < bytes.length; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, 1));
            if (i < bytes.length - 1) {
                assertThat((Object) channel.readInbound()).isNull();
            }
        }
        assertThat(single(channel.readInbound()).body()).isEqualTo(body(40));
    }

    @Test
    void splitsCoalescedFramesFromOneRead() {
        byte[] a = RouterFrame.bytesOf(RouterFrame.of("P", body(5)));
        byte[] b = RouterFrame.bytesOf(RouterFrame.of("", body(7)));
        byte[] c = RouterFrame.bytesOf(RouterFrame.of("P", body(1)));
        byte[] all = concat(a, b, c);
        // the third frame arrives in two parts, the first together with the two complete frames
        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(all, all.length - 3)));
        RouterFrames firstRead = channel.readInbound();
        assertThat(firstRead.frames()).extracting(f -> f.body().length).containsExactly(5, 7);
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(all, all.length - 3, all.length)));
        assertThat(single(channel.readInbound()).body()).hasSize(1);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void framesOfOneReadLoopArePassedOnTogetherInOrder() {
        // three socket reads in one read loop: one RouterFrames when the loop ends, not one message per frame
        channel.writeInbound(
                Unpooled.wrappedBuffer(RouterFrame.bytesOf(RouterFrame.of("P", body(1)))),
                Unpooled.wrappedBuffer(RouterFrame.bytesOf(RouterFrame.of("P", body(2)))),
                Unpooled.wrappedBuffer(RouterFrame.bytesOf(RouterFrame.of("P", body(3)))));
        RouterFrames read = channel.readInbound();
        assertThat(read.frames()).extracting(f -> f.body().length).containsExactly(1, 2, 3);
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void framesOfAClosingConnectionArePassedOnBeforeTheClose() {
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel closing =
                new EmbeddedChannel(new RouterFrameDecoder(64, metrics), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        seen.add(msg);
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        seen.add("inactive");
                    }
                });
        // a frame read, and the connection closed before the read loop ended
        closing.pipeline().fireChannelRead(Unpooled.wrappedBuffer(RouterFrame.bytesOf(RouterFrame.of("P", body(4)))));
        closing.close();
        assertThat(seen).hasSize(2);
        assertThat(((RouterFrames) seen.get(0)).frames())
                .extracting(f -> f.body().length)
                .containsExactly(4);
        assertThat(seen.get(1)).isEqualTo("inactive");
    }

    @Test
    void encodesTheFramesOfABatchIntoOneBuffer() {
        RouterFrame a = RouterFrame.of("001 syscollector_sync", body(3));
        RouterFrame b = RouterFrame.of("002 fim_sync", body(0));
        channel.writeOutbound(new RouterFrames(List.of(a, b)));
        ByteBuf out = channel.readOutbound();
        byte[] written = new byte[out.readableBytes()];
        out.readBytes(written);
        out.release();
        assertThat(written).isEqualTo(concat(RouterFrame.bytesOf(a), RouterFrame.bytesOf(b)));
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void packetSizeBelowFourClosesTheConnection() {
        assertProtocolError(raw(3, 0, new byte[0]));
    }

    @Test
    void frameAboveTheLimitClosesTheConnectionBeforeItIsBuffered() {
        // only the length field arrives: the decoder must not wait for 65 bytes it will never accept
        assertProtocolError(Arrays.copyOf(raw(65, 0, new byte[61]), 4));
    }

    @Test
    void headerSizePastThePacketClosesTheConnection() {
        assertProtocolError(raw(10, 7, new byte[6]));
    }

    @Test
    void framesDecodedBeforeAProtocolErrorAreStillDelivered() {
        byte[] good = RouterFrame.bytesOf(RouterFrame.of("P", body(3)));
        channel.writeInbound(Unpooled.wrappedBuffer(concat(good, raw(2, 0, new byte[0]), good)));
        assertThat(single(channel.readInbound()).body()).isEqualTo(body(3));
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
        assertThat(metrics.protocolErrors.sum()).isEqualTo(1);
    }

    @Test
    void frameOfExactlyTheLimitIsAccepted() {
        channel.writeInbound(Unpooled.wrappedBuffer(raw(64, 0, new byte[60])));
        assertThat(single(channel.readInbound()).body()).hasSize(60);
        assertThat(metrics.protocolErrors.sum()).isZero();
    }

    private void assertProtocolError(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
        assertThat(metrics.protocolErrors.sum()).isEqualTo(1);
    }

    private static RouterFrame single(Object read) {
        assertThat(read).isInstanceOf(RouterFrames.class);
        assertThat(((RouterFrames) read).frames()).hasSize(1);
        return ((RouterFrames) read).frames().get(0);
    }

    private static byte[] raw(int packetSize, int headerSize, byte[] rest) {
        ByteBuffer buf = ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(packetSize).putInt(headerSize).put(rest);
        return buf.array();
    }

    private static byte[] body(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
