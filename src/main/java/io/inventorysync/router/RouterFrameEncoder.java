package io.inventorysync.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link RouterFrame}s; stateless, so one instance serves every connection. */
@ChannelHandler.Sharable
public final class RouterFrameEncoder extends MessageToByteEncoder<RouterFrame> {

    public RouterFrameEncoder() {
        super(RouterFrame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RouterFrame frame, ByteBuf out) {
        byte[] header = frame.headerBytes();
        out.ensureWritable(8 + header.length + frame.body().length);
        out.writeIntLE(4 + header.length + frame.body().length);
        out.writeIntLE(header.length);
        out.writeBytes(header);
        out.writeBytes(frame.body());
    }

    /** The same encoding into a plain array, for clients and tests that do not use Netty. */
    public static byte[] toBytes(RouterFrame frame) {
        byte[] header = frame.headerBytes();
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8 + header.length + frame.body().length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buf.putInt(4 + header.length + frame.body().length).putInt(header.length).put(header).put(frame.body());
        return buf.array();
    }
}
