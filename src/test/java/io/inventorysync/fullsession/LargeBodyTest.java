package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 50 MiB session arrives intact, in direct memory, over the Unix socket; the budget is back once answered. */
class LargeBodyTest {

    private static final int SIZE = 50 * 1024 * 1024;

    @Test
    void fiftyMebibytesIntactOffHeap(@TempDir Path dir) throws Exception {
        AtomicBoolean direct = new AtomicBoolean();
        try (FrontDoor door = FrontDoor.start(dir, "", exchange -> {
            FullSessionRequest request = exchange.getMessage().getBody(FullSessionRequest.class);
            ByteBuffer body = request.body();
            direct.set(body.isDirect());
            request.answer(new HttpAnswer(200, "{\"sha256\":\"" + sha256(body) + "\"}", 0));
        })) {
            byte[] session = new byte[SIZE];
            new Random(42).nextBytes(session);
            String expected = sha256(ByteBuffer.wrap(session));
            byte[] request = Requests.stateful("001", session);
            long started = System.nanoTime();
            HttpReply reply = door.exchange(request);
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("50 MiB POST /stateful over the Unix socket, answered after SHA-256: %d ms%n", millis);

            assertThat(reply.body()).isEqualTo("{\"sha256\":\"" + expected + "\"}");
            assertThat(direct).isTrue();
            Conditions.await(() -> door.counters().inFlightBytes() == 0);
        }
    }

    private static String sha256(ByteBuffer bytes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes);
            return HexFormat.of().formatHex(digest.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
