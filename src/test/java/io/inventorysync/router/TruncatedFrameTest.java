package io.inventorysync.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventorysync.metrics.ServiceMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A connection that closes in the middle of a frame: the frames before it are handled, the partial one is counted. */
class TruncatedFrameTest {

    @Test
    void aPartialFrameAtCloseIsCountedAndTheFramesBeforeItPassOn() {
        ServiceMetrics metrics = new ServiceMetrics();
        EmbeddedChannel channel = new EmbeddedChannel(new RouterFrameDecoder(1024, metrics));
        byte[] whole = RouterFrame.bytesOf(RouterFrame.of("P", new byte[10]));
        byte[] partial = Arrays.copyOf(RouterFrame.bytesOf(RouterFrame.of("P", new byte[100])), 50);
        channel.writeInbound(Unpooled.wrappedBuffer(whole), Unpooled.wrappedBuffer(partial));
        channel.finish();

        RouterFrames frames = channel.readInbound();
        assertThat(frames.frames()).hasSize(1);
        assertThat(metrics.truncatedFrames.sum()).isEqualTo(1);
        assertThat(metrics.protocolErrors.sum()).isZero();
    }

    @Test
    void aCleanCloseCountsNothing() {
        ServiceMetrics metrics = new ServiceMetrics();
        EmbeddedChannel channel = new EmbeddedChannel(new RouterFrameDecoder(1024, metrics));
        channel.writeInbound(Unpooled.wrappedBuffer(RouterFrame.bytesOf(RouterFrame.of("P", new byte[10]))));
        channel.finish();
        assertThat(metrics.truncatedFrames.sum()).isZero();
    }
}
