package io.inventorysync.router;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Start;
import Wazuh.SyncSchema.StartAck;
import Wazuh.SyncSchema.Status;
import com.google.flatbuffers.FlatBufferBuilder;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inventory.router.max-partial-frame-bytes}: bytes of partial frames beyond each connection's free 64 KiB are
 * shared; the connection whose partial frame finds them used up is closed and counted, the others go on.
 */
@ExtendWith(TestIndexer.Extension.class)
class PartialFrameBudgetTest {

    @Test
    void theConnectionOverTheBudgetIsClosedAndTheOthersAreServed(TestIndexer indexer, @TempDir Path dir)
            throws Exception {
        try (RunningService service = RunningService.start(
                        indexer.writeOssecConf(dir),
                        dir.resolve("store"),
                        Map.of("inventory.router.max-partial-frame-bytes", "700000"));
                RouterClient holder = service.connect();
                RouterClient greedy = service.connect();
                RouterClient small = service.connect()) {
            ServiceMetrics metrics = service.bean("serviceMetrics", ServiceMetrics.class);
            RouterConnectionLimits limits = service.bean("routerConnectionLimits", RouterConnectionLimits.class);
            byte[] big = RouterFrame.bytesOf(RouterFrame.of("P", paddedStart("201", 600_000)));
            int held = 64 * 1024 + 250_000;
            holder.sendRaw(Arrays.copyOf(big, held));
            Conditions.await(() -> limits.partialFrameBytes() == 250_000);

            greedy.sendRaw(Arrays.copyOf(big, 64 * 1024 + 460_000));
            assertThat(greedy.closedByPeer()).isTrue();
            assertThat(metrics.connectionsOverBudget.sum()).isEqualTo(1);

            // a frame within the free 64 KiB needs nothing of the budget; the holder completes its frame and is
            // answered
            small.publish(paddedStart("202", 30_000));
            assertThat(status(small.receive())).isEqualTo(Status.Ok);
            holder.sendRaw(Arrays.copyOfRange(big, held, big.length));
            assertThat(status(holder.receive())).isEqualTo(Status.Ok);
            Conditions.await(() -> limits.partialFrameBytes() == 0);
        }
    }

    private static byte status(RouterFrame response) {
        Message message = Message.getRootAsMessage(ByteBuffer.wrap(response.body()));
        assertThat(message.contentType()).isEqualTo(MessageType.StartAck);
        return ((StartAck) message.content(new StartAck())).status();
    }

    /** A valid Start preceded by {@code padding} bytes nothing references: a big frame that is still a good message. */
    private static byte[] paddedStart(String agent, int padding) {
        FlatBufferBuilder b = new FlatBufferBuilder(padding + 512);
        b.createByteVector(new byte[padding]);
        int start = Start.createStart(
                b,
                b.createString("syscollector"),
                Mode.ModuleFull,
                1,
                0,
                (byte) 0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                b.createString(agent),
                0,
                0,
                0,
                0);
        Message.finishMessageBuffer(b, Message.createMessage(b, MessageType.Start, start));
        return b.sizedByteArray();
    }
}
