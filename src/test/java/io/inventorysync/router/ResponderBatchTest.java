package io.inventorysync.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventorysync.metrics.ServiceMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** The answers to a read's Starts: one buffer, in order; counted one by one when their connection is gone. */
class ResponderBatchTest {

    private final ServiceMetrics metrics = new ServiceMetrics();
    private final Responder responder = new ConnectionResponder(metrics);

    @Test
    void aBatchLeavesAsOneWriteInTheOrderItWasFilled() {
        EmbeddedChannel channel = new EmbeddedChannel(new RouterFrameEncoder());
        Responder.Batch batch = responder.batch(channel);
        batch.add("001", "syscollector", new byte[] {1, 2});
        batch.add("002", "fim", new byte[] {3});
        batch.send();
        ByteBuf out = channel.readOutbound();
        byte[] written = new byte[out.readableBytes()];
        out.readBytes(written);
        out.release();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(RouterFrame.bytesOf(RouterFrame.of("001 syscollector_sync", new byte[] {1, 2})));
        expected.writeBytes(RouterFrame.bytesOf(RouterFrame.of("002 fim_sync", new byte[] {3})));
        assertThat(written).isEqualTo(expected.toByteArray());
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(metrics.responsesDropped.sum()).isZero();
    }

    @Test
    void aBatchForAClosedConnectionCountsEveryResponseDropped() {
        EmbeddedChannel channel = new EmbeddedChannel(new RouterFrameEncoder());
        channel.close();
        Responder.Batch batch = responder.batch(channel);
        batch.add("001", "syscollector", new byte[] {1});
        batch.add("002", "fim", new byte[] {2});
        batch.add("003", "fim", new byte[] {3});
        batch.send();
        assertThat(metrics.responsesDropped.sum()).isEqualTo(3);
    }

    @Test
    void anEmptyBatchWritesNothing() {
        EmbeddedChannel channel = new EmbeddedChannel(new RouterFrameEncoder());
        responder.batch(channel).send();
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(metrics.responsesDropped.sum()).isZero();
    }

    @Test
    void aPeerThatDoesNotReadGetsItsResponsesDroppedNotBuffered() {
        EmbeddedChannel channel = new EmbeddedChannel(new RouterFrameEncoder());
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        // written, never flushed: what a peer that stopped reading leaves in the outbound buffer
        channel.write(Unpooled.wrappedBuffer(new byte[64]));
        assertThat(channel.isWritable()).isFalse();
        Responder.Batch batch = responder.batch(channel);
        batch.add("001", "syscollector", new byte[] {1});
        batch.add("002", "fim", new byte[] {2});
        batch.send();
        assertThat(metrics.responsesDropped.sum()).isEqualTo(2);
        assertThat(metrics.responsesSent.sum()).isZero();
    }
}
