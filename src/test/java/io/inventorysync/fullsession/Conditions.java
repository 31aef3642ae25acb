package io.inventorysync.fullsession;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/** Waits for a condition the server reaches on its own threads (a connection seen closed, a body released), up to 30 s. */
final class Conditions {

    private Conditions() {}

    static void await(BooleanSupplier condition) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(5))
                .until(condition::getAsBoolean);
    }
}
