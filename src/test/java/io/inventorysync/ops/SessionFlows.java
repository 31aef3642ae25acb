package io.inventorysync.ops;

import Wazuh.SyncSchema.EndAck;
import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Status;
import io.inventorysync.simulator.SimulatedAgent;
import java.io.IOException;

/** Small agent-side steps shared by the operations tests. */
final class SessionFlows {

    private SessionFlows() {}

    /** Reads EndAcks until one is not Processing; its status. */
    static byte finalEndAck(SimulatedAgent agent) throws IOException {
        while (true) {
            Message m = agent.receive();
            if (m.contentType() != MessageType.EndAck) {
                throw new IOException("expected EndAck, got " + MessageType.name(m.contentType()));
            }
            EndAck ack = (EndAck) m.content(new EndAck());
            if (ack.status() != Status.Processing) {
                return ack.status();
            }
        }
    }
}
