package io.inventorysync.wazuh;

import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.router.RouterFrame;
import io.inventorysync.router.RouterFrameDecoder;
import io.inventorysync.router.RouterFrameDecoderFactory;
import io.inventorysync.router.RouterFrames;
import io.inventorysync.support.LogText;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription to the router broker of a Wazuh manager (spec §3; upstream {@code remoteSubscriber.hpp},
 * {@code remoteSubscriptionManager.hpp}, {@code publisher.hpp} of {@code src/shared_modules/router/}):
 * <ol>
 * <li>connect to the registration socket, send {@code InitProvider} for the topic, wait for {@code {"Result":"OK"}}
 * and keep that connection open;</li>
 * <li>connect to the topic socket, send {@code subscribe} with the subscriber id, wait for {@code {"Result":"OK"}};</li>
 * <li>from then on every frame is one published message, passed on with the frames of the same read.</li>
 * </ol>
 * Frames whose body starts with {@code {"Result"} are control, never messages. A hang-up or error of either socket, a
 * refusal, a broken control frame or a framing error closes both and starts again after a backoff (doubling up to a
 * maximum, reset once subscribed). Each change of state is logged once; the tries in between at DEBUG. After a loss,
 * subscribing waits a settle delay once the broker answers again, so that the manager's native module, which
 * subscribes with the same id when modulesd starts, does so before this service (the last subscriber wins).
 *
 * <p>Everything runs on one I/O thread of its own: in this transport every agent's messages arrive on one
 * connection, and they are handled in arrival order on that thread, as on a TCP listener's connection.
 */
public final class RouterSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(RouterSubscription.class);
    private static final byte[] CONTROL_PREFIX = "{\"Result\"".getBytes(StandardCharsets.US_ASCII);
    private static final String OK = "{\"Result\":\"OK\"}";
    /** Answers on the registration socket are a few bytes of JSON. */
    private static final int MAX_CONTROL_FRAME = 4096;

    private final Path registrationSocket;
    private final Path topicSocket;
    private final String topic;
    private final String subscriberId;
    private final RouterFrameDecoderFactory decoders;
    private final ServiceMetrics metrics;
    private final SubscriptionStatus status;
    private final long initialDelayMillis;
    private final long maxDelayMillis;
    private final long settleMillis;
    private final BiConsumer<ChannelHandlerContext, RouterFrames> sink;

    private EventLoopGroup group;
    private EventLoop loop;
    // all below: only touched on the loop
    private long generation;
    private Channel registration;
    private Channel subscription;
    private long delayMillis;
    private int failedTries;
    private boolean stopped;
    // the broker went away (or was not there): let the native module of the restarted modulesd subscribe first
    private boolean settle;

    private RouterSubscription(Builder b) {
        this.registrationSocket = b.registrationSocket;
        this.topicSocket = b.topicSocket;
        this.topic = b.topic;
        this.subscriberId = b.subscriberId;
        this.decoders = b.decoders;
        this.metrics = b.metrics;
        this.status = b.status;
        this.initialDelayMillis = b.initialDelayMillis;
        this.maxDelayMillis = b.maxDelayMillis;
        this.settleMillis = b.settleMillis;
        this.sink = b.sink;
        this.delayMillis = initialDelayMillis;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts subscribing on an I/O thread of its own; returns at once (the broker may not be up yet). */
    public void start() {
        group = NativeTransport.singleThread("router-subscriber");
        loop = group.next();
        status.where(topicSocket + " as " + subscriberId);
        loop.execute(this::connect);
    }

    /** Closes both sockets and stops trying; frames being handled finish first (they run on the same thread). */
    public void stop() {
        if (loop == null) {
            return;
        }
        loop.submit(() -> {
                    stopped = true;
                    generation++;
                    closeBoth();
                    status.state(SubscriptionStatus.State.STOPPED);
                })
                .awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private void connect() {
        if (stopped) {
            return;
        }
        long g = ++generation;
        status.state(SubscriptionStatus.State.REGISTERING);
        ChannelFuture connecting = bootstrap(new RegistrationHandler(g), false)
                .connect(new DomainSocketAddress(registrationSocket.toString()));
        registration = connecting.channel();
        connecting.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                failed(
                        g,
                        "cannot connect to " + registrationSocket + ": "
                                + f.cause().getMessage());
                return;
            }
            send(f.channel(), "{\"EndpointName\":\"" + topic + "\",\"MessageType\":\"InitProvider\"}");
        });
    }

    private void registered(long g) {
        status.state(SubscriptionStatus.State.SUBSCRIBING);
        if (settle && settleMillis > 0) {
            settle = false;
            LOG.info(
                    "Router broker is back; subscribing in {} ms, after the manager's own inventory_sync module"
                            + " (the broker delivers to the last subscriber)",
                    settleMillis);
            loop.schedule(
                    () -> {
                        if (g == generation && !stopped) {
                            subscribe(g);
                        }
                    },
                    settleMillis,
                    TimeUnit.MILLISECONDS);
            return;
        }
        subscribe(g);
    }

    private void subscribe(long g) {
        ChannelFuture connecting =
                bootstrap(new TopicHandler(g), true).connect(new DomainSocketAddress(topicSocket.toString()));
        subscription = connecting.channel();
        connecting.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                failed(g, "cannot connect to " + topicSocket + ": " + f.cause().getMessage());
                return;
            }
            send(f.channel(), "{\"subscriberId\":\"" + subscriberId + "\",\"type\":\"subscribe\"}");
        });
    }

    private void subscribed() {
        status.state(SubscriptionStatus.State.SUBSCRIBED);
        if (failedTries > 0) {
            LOG.info(
                    "Subscribed to the router broker at {} as '{}' (after {} failed tries; last: {})",
                    topicSocket,
                    subscriberId,
                    failedTries,
                    status.lastError());
        } else {
            LOG.info("Subscribed to the router broker at {} as '{}'", topicSocket, subscriberId);
        }
        failedTries = 0;
        delayMillis = initialDelayMillis;
    }

    /** Ends this generation's sockets and tries again after the backoff; later events of the same generation are stale. */
    private void failed(long g, String reason) {
        if (g != generation || stopped) {
            return;
        }
        generation++;
        boolean wasSubscribed = status.subscribed();
        closeBoth();
        status.failed(reason);
        if (wasSubscribed) {
            LOG.warn("Router subscription lost: {}; subscribing again (Starts are not answered meanwhile)", reason);
        } else if (failedTries == 0) {
            LOG.warn(
                    "Cannot subscribe to the router broker: {}; trying again every {}-{} ms",
                    reason,
                    initialDelayMillis,
                    maxDelayMillis);
        } else {
            LOG.debug("Router subscription try {} failed: {}", failedTries + 1, reason);
        }
        failedTries++;
        settle = true;
        metrics.routerReconnects.increment();
        long delay = delayMillis;
        delayMillis = Math.min(maxDelayMillis, delayMillis * 2);
        loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void closeBoth() {
        if (registration != null) {
            registration.close();
            registration = null;
        }
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }

    private Bootstrap bootstrap(ChannelInboundHandlerAdapter handler, boolean messages) {
        return new Bootstrap()
                .group(loop)
                .channel(EpollDomainSocketChannel.class)
                // every agent's messages come through this one socket: reads of up to 1 MiB, not Netty's 64 KiB,
                // so a busy broker's backlog costs few reads (and few exchanges) per frame
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 64 * 1024, 1024 * 1024))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // the topic socket: the service's decoder (frame limit, tracked for the graceful shutdown)
                        ch.pipeline()
                                .addLast(
                                        messages
                                                ? decoders.newChannelHandler()
                                                : new RouterFrameDecoder(MAX_CONTROL_FRAME, metrics),
                                        handler);
                    }
                });
    }

    private static void send(Channel ch, String json) {
        byte[] frame = RouterFrame.bytesOf(RouterFrame.of("", json.getBytes(StandardCharsets.UTF_8)));
        ch.writeAndFlush(Unpooled.wrappedBuffer(frame));
    }

    static boolean isControl(byte[] body) {
        if (body.length < CONTROL_PREFIX.length) {
            return false;
        }
        for (int i = 0; i < CONTROL_PREFIX.length; i++) {
            if (body[i] != CONTROL_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] body) {
        return LogText.printable(new String(body, StandardCharsets.UTF_8));
    }

    /** Events of one generation's socket; {@code name} for the reasons logged. */
    private abstract class GenerationHandler extends ChannelInboundHandlerAdapter {
        final long g;
        final String name;

        GenerationHandler(long g, String name) {
            this.g = g;
            this.name = name;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            failed(g, name + " connection closed");
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed(g, name + " connection error: " + cause.getMessage());
        }
    }

    private final class RegistrationHandler extends GenerationHandler {
        RegistrationHandler(long g) {
            super(g, "registration (" + registrationSocket + ")");
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            for (RouterFrame frame : ((RouterFrames) msg).frames()) {
                boolean ok = OK.equals(new String(frame.body(), StandardCharsets.UTF_8));
                if (ok && status.state() == SubscriptionStatus.State.REGISTERING) {
                    registered(g);
                } else if (!ok) {
                    metrics.routerControlErrors.increment();
                    failed(g, "InitProvider answered " + text(frame.body()));
                    return;
                }
            }
        }
    }

    private final class TopicHandler extends GenerationHandler {
        TopicHandler(long g) {
            super(g, "topic (" + topicSocket + ")");
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            RouterFrames frames = (RouterFrames) msg;
            List<RouterFrame> messages = null;
            List<RouterFrame> all = frames.frames();
            for (int i = 0; i < all.size(); i++) {
                RouterFrame frame = all.get(i);
                boolean control = isControl(frame.body());
                if (!control && status.subscribed()) {
                    if (messages != null) {
                        messages.add(frame);
                    }
                    continue;
                }
                if (messages == null) {
                    messages = new ArrayList<>(all.subList(0, i));
                }
                if (!control) {
                    // the broker sends messages only after its OK: a message before it cannot be placed
                    metrics.routerControlErrors.increment();
                    failed(g, "a message arrived before the subscription was confirmed");
                    return;
                }
                boolean ok = OK.equals(new String(frame.body(), StandardCharsets.UTF_8));
                if (!ok) {
                    metrics.routerControlErrors.increment();
                    dispatch(ctx, new RouterFrames(messages));
                    failed(g, "subscribe answered " + text(frame.body()));
                    return;
                }
                if (status.state() == SubscriptionStatus.State.SUBSCRIBING) {
                    subscribed();
                } else {
                    LOG.debug("Broker confirmed the subscription again");
                }
            }
            dispatch(ctx, messages == null ? frames : new RouterFrames(messages));
        }

        private void dispatch(ChannelHandlerContext ctx, RouterFrames frames) {
            if (!frames.frames().isEmpty()) {
                sink.accept(ctx, frames);
            }
        }
    }

    /** Settings of a subscription; every one is required except the backoff (500 ms doubling to 30 s). */
    public static final class Builder {
        private Path registrationSocket;
        private Path topicSocket;
        private String topic;
        private String subscriberId;
        private RouterFrameDecoderFactory decoders;
        private ServiceMetrics metrics;
        private SubscriptionStatus status = new SubscriptionStatus();
        private long initialDelayMillis = 500;
        private long maxDelayMillis = 30_000;
        private long settleMillis;
        private BiConsumer<ChannelHandlerContext, RouterFrames> sink;

        public Builder registrationSocket(Path path) {
            this.registrationSocket = path;
            return this;
        }

        public Builder topicSocket(Path path) {
            this.topicSocket = path;
            return this;
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder subscriberId(String subscriberId) {
            this.subscriberId = subscriberId;
            return this;
        }

        public Builder decoders(RouterFrameDecoderFactory decoders) {
            this.decoders = decoders;
            return this;
        }

        public Builder metrics(ServiceMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        public Builder status(SubscriptionStatus status) {
            this.status = status;
            return this;
        }

        public Builder backoff(long initialMillis, long maxMillis) {
            this.initialDelayMillis = Math.max(1, initialMillis);
            this.maxDelayMillis = Math.max(this.initialDelayMillis, maxMillis);
            return this;
        }

        /**
         * After the broker was lost or absent, how long to wait between its InitProvider answer and subscribing: the
         * native inventory_sync module of the restarted modulesd subscribes with the same id, and the broker
         * delivers to whoever subscribed last. 0: at once.
         */
        public Builder settleDelay(long millis) {
            this.settleMillis = Math.max(0, millis);
            return this;
        }

        /** Receives the messages of each read of the topic socket, on the subscription's I/O thread, in order. */
        public Builder sink(BiConsumer<ChannelHandlerContext, RouterFrames> sink) {
            this.sink = sink;
            return this;
        }

        public RouterSubscription build() {
            if (registrationSocket == null
                    || topicSocket == null
                    || topic == null
                    || subscriberId == null
                    || decoders == null
                    || metrics == null
                    || sink == null) {
                throw new IllegalStateException("registration socket, topic socket, topic, subscriber id, decoders,"
                        + " metrics and sink are all required");
            }
            return new RouterSubscription(this);
        }
    }
}
