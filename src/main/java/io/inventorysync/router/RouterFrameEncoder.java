package io.inventorysync.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes a {@link RouterFrame}, or all the frames of a {@link RouterFrames} into one buffer (the answers to one read
 * leave as one write); stateless, so one instance serves every connection.
 */
@ChannelHandler.Sharable
public final class RouterFrameEncoder extends MessageToByteEncoder<Object> {

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof RouterFrame || msg instanceof RouterFrames;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
        if (msg instanceof RouterFrame frame) {
            write(frame, out);
            return;
        }
        for (RouterFrame frame : ((RouterFrames) msg).frames()) {
            write(frame, out);
        }
    }

    /** A buffer of exactly the frames' size: no growth and copy while encoding. */
    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Object msg, boolean preferDirect) {
        int bytes = 0;
        if (msg instanceof RouterFrame frame) {
            bytes = frame.wireSize();
        } else {
            for (RouterFrame frame : ((RouterFrames) msg).frames()) {
                bytes += frame.wireSize();
            }
        }
        return preferDirect ? ctx.alloc().ioBuffer(bytes) : ctx.alloc().heapBuffer(bytes);
    }

    private static void write(RouterFrame frame, ByteBuf out) {
        frame.writeTo(out);
    }
}
