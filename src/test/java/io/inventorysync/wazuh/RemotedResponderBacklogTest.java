package io.inventorysync.wazuh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inventorysync.metrics.ServiceMetrics;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * remoted stops draining its queue for a while: the kernel takes only {@code net.unix.max_dgram_qlen} datagrams (10
 * on a bare kernel, 512 with systemd), so most responses of a burst meet a full queue. None is lost while the
 * responder's buffer has room, and they arrive in the order they were sent once remoted reads again, also while more
 * responses keep coming.
 */
class RemotedResponderBacklogTest {

    private static final int RESPONSES = 3_000;

    @TempDir
    Path home;

    @Test
    void responsesOfAFullQueueWaitAndLeaveInOrder() throws Exception {
        Path socket = home.resolve("queue/sockets/ar");
        Files.createDirectories(socket.getParent());
        List<Integer> received = new CopyOnWriteArrayList<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        ServiceMetrics metrics = new ServiceMetrics();
        RemotedResponder responder = new RemotedResponder(socket, metrics);
        try {
            // remoted, bound but not reading yet
            Channel remoted = new Bootstrap()
                    .group(group)
                    .channel(EpollDomainDatagramChannel.class)
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(72 * 1024))
                    .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
                            ByteBuf content = packet.content();
                            // the payload is the last 4 bytes: the response's number
                            received.add(content.getInt(content.writerIndex() - 4));
                        }
                    })
                    .bind(new DomainSocketAddress(socket.toString()))
                    .sync()
                    .channel();
            responder.start();

            send(responder, 0, RESPONSES);
            // what the kernel queue could not take waits in the responder; let the queue fill up first
            await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> metrics.responsesSent.sum() > 0 && metrics.responsesSent.sum() < RESPONSES);
            assertThat(received).isEmpty();

            // remoted reads again, and more responses come while the waiting ones leave
            remoted.config().setAutoRead(true);
            send(responder, RESPONSES, 2 * RESPONSES);
            await().atMost(20, TimeUnit.SECONDS).until(() -> received.size() == 2 * RESPONSES);
            for (int i = 0; i < 2 * RESPONSES; i++) {
                assertThat(received.get(i)).as("response %d", i).isEqualTo(i);
            }
            await().atMost(5, TimeUnit.SECONDS).until(() -> metrics.responsesSent.sum() == 2 * RESPONSES);
            assertThat(metrics.responsesDropped.sum()).isZero();
            remoted.close().sync();
        } finally {
            responder.stop();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Responses {@code from} to {@code to} (exclusive), one batch each: a payload of 4 bytes, the number. */
    private static void send(RemotedResponder responder, int from, int to) {
        for (int i = from; i < to; i++) {
            RemotedResponder.Batch batch = responder.batch(null);
            batch.add("1", "syscollector", ByteBuffer.allocate(4).putInt(i).array());
            batch.send();
        }
    }
}
