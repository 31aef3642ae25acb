package io.inventorysync.wazuh;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Netty's native epoll transport, which the manager's Unix sockets need (the JDK has no Unix datagram sockets). */
public final class NativeTransport {

    private NativeTransport() {}

    /** Why epoll cannot be used here (not Linux x86_64, native library not loadable), or {@code null} when it can. */
    public static String unavailableReason() {
        if (Epoll.isAvailable()) {
            return null;
        }
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null ? "unknown reason" : String.valueOf(cause.getMessage());
    }

    /** One epoll I/O thread of its own, daemon, named for thread dumps. */
    static EventLoopGroup singleThread(String name) {
        return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name, true), EpollIoHandler.newFactory());
    }
}
