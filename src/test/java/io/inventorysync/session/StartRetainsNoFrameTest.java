package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Start;
import com.google.flatbuffers.FlatBufferBuilder;
import io.inventorysync.indexer.agent.AgentMetadata;
import io.inventorysync.protocol.MessageVerifier;
import io.inventorysync.protocol.StartMetadataBytes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An admitted Start keeps only the few strings it needs, not its frame (issue 14, finding 4): 10,000 open sessions
 * must not hold 10,000 frames of up to 1 MiB.
 */
class StartRetainsNoFrameTest {

    @Test
    void aPaddedStartLeavesOnlyItsStringsBehind() throws Exception {
        byte[] body = paddedStart(1_000_000);
        MessageVerifier.verify(body);
        Message message = Message.getRootAsMessage(ByteBuffer.wrap(body));
        StartRequest request = StartHandler.toRequest(
                (Start) message.content(new Start()), (StartMetadataBytes) message.content(new StartMetadataBytes()));

        assertThat(retainedBytes(request)).isLessThan(1024);
        // read from the copy, not the frame: the frame's array is reused or gone by the time the session is indexed
        Arrays.fill(body, (byte) 0);
        AgentMetadata agent = request.agent();
        assertThat(agent)
                .isEqualTo(new AgentMetadata(
                        "web-01",
                        "v5.0.0",
                        List.of("default", "wéb"),
                        "aarch64",
                        "höst",
                        "Ubuntu",
                        "ubuntu",
                        "linux",
                        "24.04"));
        assertThat(request.agentId()).isEqualTo("007");
        assertThat(request.indices()).containsExactly("wazuh-states-inventory-packages");
        assertThat(request.clusterName()).isEqualTo("c1");
    }

    @Test
    void absentFieldsAreEmpty() throws Exception {
        FlatBufferBuilder b = new FlatBufferBuilder();
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
                b.createString("1"),
                0,
                0,
                0,
                0);
        Message.finishMessageBuffer(b, Message.createMessage(b, MessageType.Start, start));
        Message message = Message.getRootAsMessage(ByteBuffer.wrap(b.sizedByteArray()));
        StartRequest request = StartHandler.toRequest(
                (Start) message.content(new Start()), (StartMetadataBytes) message.content(new StartMetadataBytes()));
        assertThat(request.agent()).isEqualTo(new AgentMetadata("", "", List.of(), "", "", "", "", "", ""));
    }

    /** A Start preceded in its buffer by {@code padding} bytes nothing references. */
    private static byte[] paddedStart(int padding) {
        FlatBufferBuilder b = new FlatBufferBuilder(padding + 1024);
        b.createByteVector(new byte[padding]);
        int index = Start.createIndexVector(b, new int[] {b.createString("wazuh-states-inventory-packages")});
        int groups = Start.createGroupsVector(b, new int[] {b.createString("default"), b.createString("wéb")});
        int start = Start.createStart(
                b,
                b.createString("syscollector"),
                Mode.ModuleFull,
                10,
                index,
                (byte) 0,
                b.createString("aarch64"),
                b.createString("höst"),
                b.createString("Ubuntu"),
                b.createString("ubuntu"),
                b.createString("linux"),
                b.createString("24.04"),
                b.createString("v5.0.0"),
                b.createString("web-01"),
                b.createString("007"),
                groups,
                3,
                b.createString("c1"),
                b.createString("node01"));
        Message.finishMessageBuffer(b, Message.createMessage(b, MessageType.Start, start));
        return b.sizedByteArray();
    }

    /** Bytes of arrays, strings and buffers reachable from {@code root} (each object once). */
    private static long retainedBytes(Object root) throws IllegalAccessException {
        return walk(root, new IdentityHashMap<>());
    }

    private static long walk(Object o, Map<Object, Boolean> seen) throws IllegalAccessException {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return 0;
        }
        if (o instanceof byte[] bytes) {
            return bytes.length;
        }
        if (o instanceof String s) {
            return s.length();
        }
        if (o instanceof Buffer buffer) {
            return buffer.capacity();
        }
        if (o instanceof Collection<?> c) {
            long n = 0;
            for (Object e : c) {
                n += walk(e, seen);
            }
            return n;
        }
        Class<?> type = o.getClass();
        if (type.getName().startsWith("java.") || type.isArray()) {
            if (type.isArray() && !type.getComponentType().isPrimitive()) {
                long n = 0;
                for (Object e : (Object[]) o) {
                    n += walk(e, seen);
                }
                return n;
            }
            return type.isArray() ? 0 : fail(type);
        }
        long n = 0;
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                f.setAccessible(true);
                n += walk(f.get(o), seen);
            }
        }
        return n;
    }

    private static long fail(Class<?> type) {
        throw new AssertionError("cannot measure a " + type.getName());
    }
}
