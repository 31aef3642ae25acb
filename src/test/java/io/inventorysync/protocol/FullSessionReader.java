package io.inventorysync.protocol;

import Wazuh.FullSessionSchema.ChecksumModule;
import Wazuh.FullSessionSchema.Cleans;
import Wazuh.FullSessionSchema.DataClean;
import Wazuh.FullSessionSchema.DataContext;
import Wazuh.FullSessionSchema.DataValue;
import Wazuh.FullSessionSchema.FullSession;
import Wazuh.FullSessionSchema.Message;
import Wazuh.FullSessionSchema.MessageType;
import Wazuh.FullSessionSchema.SessionPayload;
import Wazuh.FullSessionSchema.Start;
import Wazuh.FullSessionSchema.SyncData;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Reads every field of a second-generation {@code Message{FullSession}} through the generated accessors, folding
 * them into a hash; {@link #decodedSize} is what a consumer decodes from it, each reference counted.
 */
final class FullSessionReader {

    private FullSessionReader() {}

    static FullSession session(ByteBuffer buf) {
        Message message = Message.getRootAsMessage(buf.duplicate());
        if (message.contentType() != MessageType.FullSession) {
            throw new AssertionError("verified message with content type " + message.contentType());
        }
        return (FullSession) message.content(new FullSession());
    }

    static long readAll(ByteBuffer buf) {
        FullSession session = session(buf);
        long h = session.payloadType();
        Start start = session.start();
        if (start != null) {
            h = h * 31 + start(start);
        }
        switch (session.payloadType()) {
            case SessionPayload.NONE -> h = mix(h, session.payload(new SyncData()) == null);
            case SessionPayload.SyncData -> {
                SyncData t = (SyncData) session.payload(new SyncData());
                DataValue value = new DataValue();
                for (int i = 0; i < t.valuesLength(); i++) {
                    h = h * 31 + dataValue(t.values(value, i));
                }
                if (t.valuesVector() != null) {
                    h = mix(h, t.valuesVector().length());
                }
                DataContext context = new DataContext();
                for (int i = 0; i < t.contextsLength(); i++) {
                    t.contexts(context, i);
                    h = mix(h, context.id(), context.index(), context.idAsByteBuffer(), context.dataAsByteBuffer());
                    for (int j = 0; j < context.dataLength(); j++) {
                        h = h * 31 + context.data(j);
                    }
                }
                if (t.contextsVector() != null) {
                    h = mix(h, t.contextsVector().length());
                }
            }
            case SessionPayload.Cleans -> {
                Cleans t = (Cleans) session.payload(new Cleans());
                DataClean clean = new DataClean();
                for (int i = 0; i < t.itemsLength(); i++) {
                    t.items(clean, i);
                    h = mix(h, clean.index(), clean.indexAsByteBuffer());
                }
                if (t.itemsVector() != null) {
                    h = mix(h, t.itemsVector().length());
                }
            }
            case SessionPayload.ChecksumModule -> {
                ChecksumModule t = (ChecksumModule) session.payload(new ChecksumModule());
                h = mix(h, t.index(), t.checksum(), t.checksumAsByteBuffer());
            }
            default -> throw new AssertionError("verified FullSession with payload type " + session.payloadType());
        }
        return h;
    }

    /**
     * What a consumer decodes: every string and data byte it reads, each reference counted; a value as the stored
     * item the first generation writes (header, key, id, index and data), as HostileExpansionTest counts it.
     */
    static long decodedSize(ByteBuffer buf) {
        FullSession session = session(buf);
        long size = 0;
        Start s = session.start();
        if (s != null) {
            for (String text : new String[] {
                s.module(),
                s.architecture(),
                s.hostname(),
                s.osname(),
                s.osplatform(),
                s.ostype(),
                s.osversion(),
                s.agentversion(),
                s.agentname(),
                s.agentid(),
                s.clusterName()
            }) {
                size += length(text);
            }
            for (int i = 0; i < s.indexLength(); i++) {
                size += length(s.index(i));
            }
            for (int i = 0; i < s.groupsLength(); i++) {
                size += length(s.groups(i));
            }
        }
        switch (session.payloadType()) {
            case SessionPayload.SyncData -> {
                SyncData t = (SyncData) session.payload(new SyncData());
                DataValue value = new DataValue();
                for (int i = 0; i < t.valuesLength(); i++) {
                    t.values(value, i);
                    size += 22 + 41 + length(value.id()) + length(value.index()) + value.dataLength();
                }
                DataContext context = new DataContext();
                for (int i = 0; i < t.contextsLength(); i++) {
                    t.contexts(context, i);
                    size += length(context.id()) + length(context.index()) + context.dataLength();
                }
            }
            case SessionPayload.Cleans -> {
                Cleans t = (Cleans) session.payload(new Cleans());
                DataClean clean = new DataClean();
                for (int i = 0; i < t.itemsLength(); i++) {
                    size += length(t.items(clean, i).index());
                }
            }
            case SessionPayload.ChecksumModule -> {
                ChecksumModule t = (ChecksumModule) session.payload(new ChecksumModule());
                size += length(t.index()) + length(t.checksum());
            }
            default -> {}
        }
        return size;
    }

    private static long dataValue(DataValue t) {
        long h = mix(
                0,
                t.operation(),
                t.id(),
                t.index(),
                t.version(),
                t.dataLength(),
                t.idAsByteBuffer(),
                t.indexAsByteBuffer(),
                t.dataAsByteBuffer());
        for (int i = 0; i < t.dataLength(); i++) {
            h = h * 31 + t.data(i);
        }
        if (t.dataVector() != null) {
            h = mix(h, t.dataVector().length());
        }
        return h;
    }

    private static long start(Start t) {
        long h = mix(
                0,
                t.module(),
                t.mode(),
                t.option(),
                t.architecture(),
                t.hostname(),
                t.osname(),
                t.osplatform(),
                t.ostype(),
                t.osversion(),
                t.agentversion(),
                t.agentname(),
                t.agentid(),
                t.globalVersion(),
                t.clusterName(),
                t.feedOffset(),
                t.moduleAsByteBuffer(),
                t.clusterNameAsByteBuffer());
        for (int i = 0; i < t.indexLength(); i++) {
            h = mix(h, t.index(i));
        }
        for (int i = 0; i < t.groupsLength(); i++) {
            h = mix(h, t.groups(i));
        }
        if (t.indexVector() != null) {
            for (int i = 0; i < t.indexVector().length(); i++) {
                h = mix(h, t.indexVector().get(i));
            }
        }
        if (t.groupsVector() != null) {
            h = mix(h, t.groupsVector().length());
        }
        return h;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static long mix(long h, Object... values) {
        for (Object value : values) {
            h = h * 31 + Objects.hashCode(value);
        }
        return h;
    }
}
