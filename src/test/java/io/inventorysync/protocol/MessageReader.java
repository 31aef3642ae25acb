package io.inventorysync.protocol;

import Wazuh.SyncSchema.ChecksumModule;
import Wazuh.SyncSchema.DataBatch;
import Wazuh.SyncSchema.DataClean;
import Wazuh.SyncSchema.DataContext;
import Wazuh.SyncSchema.DataValue;
import Wazuh.SyncSchema.End;
import Wazuh.SyncSchema.EndAck;
import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Pair;
import Wazuh.SyncSchema.ReqRet;
import Wazuh.SyncSchema.Start;
import Wazuh.SyncSchema.StartAck;
import java.nio.ByteBuffer;
import java.util.Objects;

/** Reads every field of a Message through the generated accessors (all of them), folding them into a hash. */
final class MessageReader {

    private MessageReader() {}

    static long readAll(ByteBuffer buf) {
        Message message = Message.getRootAsMessage(buf.duplicate());
        long h = message.contentType();
        switch (message.contentType()) {
            case MessageType.DataValue -> h = h * 31 + dataValue((DataValue) message.content(new DataValue()));
            case MessageType.DataClean -> {
                DataClean t = (DataClean) message.content(new DataClean());
                h = mix(h, t.seq(), t.session(), t.index(), t.indexAsByteBuffer());
            }
            case MessageType.ChecksumModule -> {
                ChecksumModule t = (ChecksumModule) message.content(new ChecksumModule());
                h = mix(h, t.session(), t.index(), t.checksum(), t.checksumAsByteBuffer());
            }
            case MessageType.Start -> h = h * 31 + start((Start) message.content(new Start()));
            case MessageType.StartAck -> {
                StartAck t = (StartAck) message.content(new StartAck());
                h = mix(h, t.status(), t.session());
            }
            case MessageType.End -> h = mix(h, ((End) message.content(new End())).session());
            case MessageType.EndAck -> {
                EndAck t = (EndAck) message.content(new EndAck());
                h = mix(h, t.status(), t.session());
            }
            case MessageType.ReqRet -> {
                ReqRet t = (ReqRet) message.content(new ReqRet());
                h = mix(h, t.session(), t.seqLength());
                for (int i = 0; i < t.seqLength(); i++) {
                    Pair p = t.seq(i);
                    h = mix(h, p.begin(), p.end());
                }
                if (t.seqVector() != null) {
                    h = mix(h, t.seqVector().length());
                }
            }
            case MessageType.DataContext -> {
                DataContext t = (DataContext) message.content(new DataContext());
                h = mix(h, t.seq(), t.session(), t.id(), t.index(), t.idAsByteBuffer(), t.dataAsByteBuffer());
                for (int i = 0; i < t.dataLength(); i++) {
                    h = h * 31 + t.data(i);
                }
            }
            case MessageType.DataBatch -> {
                DataBatch t = (DataBatch) message.content(new DataBatch());
                for (int i = 0; i < t.valuesLength(); i++) {
                    h = h * 31 + dataValue(t.values(i));
                }
                if (t.valuesVector() != null) {
                    h = mix(h, t.valuesVector().length());
                }
            }
            default -> throw new AssertionError("verified message with union type " + message.contentType());
        }
        return h;
    }

    private static long dataValue(DataValue t) {
        long h = mix(
                0,
                t.seq(),
                t.session(),
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
                t.size(),
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
                t.clusterNode(),
                t.moduleAsByteBuffer(),
                t.clusterNodeAsByteBuffer());
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

    private static long mix(long h, Object... values) {
        for (Object value : values) {
            h = h * 31 + Objects.hashCode(value);
        }
        return h;
    }
}
