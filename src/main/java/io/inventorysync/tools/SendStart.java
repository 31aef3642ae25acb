package io.inventorysync.tools;

import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.StartAck;
import Wazuh.SyncSchema.Status;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.protocol.StartSpec;
import io.inventorysync.router.RouterClient;
import io.inventorysync.router.RouterFrame;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Sends one {@code Start} the way the router delivers it and prints the {@code StartAck}: the smallest check that
 * a running service answers.
 *
 * <pre>java -cp target/inventory-sync.jar io.inventorysync.tools.SendStart [host] [port] [agentid] [module]</pre>
 */
public final class SendStart {

    private SendStart() {}

    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 7140;
        String agent = args.length > 2 ? args[2] : "001";
        String module = args.length > 3 ? args[3] : "syscollector";
        try (RouterClient router = new RouterClient(host, port, 10_000)) {
            router.publish(AgentMessages.start(StartSpec.defaults()
                    .agentid(agent)
                    .module(module)
                    .mode(Mode.ModuleFull)
                    .size(1)
                    .indices(List.of("wazuh-states-inventory-packages"))));
            RouterFrame frame = router.receive();
            Message message = Message.getRootAsMessage(ByteBuffer.wrap(frame.body()));
            StartAck ack = (StartAck) message.content(new StartAck());
            System.out.printf(
                    "%s: StartAck{%s, session=%s}%n",
                    frame.header(), Status.name(ack.status()), Long.toUnsignedString(ack.session()));
            System.exit(ack.status() == Status.Ok ? 0 : 1);
        }
    }
}
