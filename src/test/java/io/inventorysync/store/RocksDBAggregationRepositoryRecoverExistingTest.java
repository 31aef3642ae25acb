package io.inventorysync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new repository on the same directory finds the open and completed groups of the previous one. */
class RocksDBAggregationRepositoryRecoverExistingTest {

    @TempDir
    Path dir;

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void openAndCompletedGroupsSurviveARestart() {
        String path = dir.resolve("db").toString();
        RocksDBAggregationRepository repo = new RocksDBAggregationRepository("repo1", path);
        repo.start();
        Exchange completed = new DefaultExchange(context);
        completed.getIn().setBody("counter:1");
        repo.add(context, "foo", completed);
        repo.remove(context, "foo", completed);
        Exchange open = new DefaultExchange(context);
        open.getIn().setBody("still open");
        repo.add(context, "bar", open);
        repo.stop();

        RocksDBAggregationRepository again = new RocksDBAggregationRepository("repo1", path);
        again.start();
        try {
            assertThat(again.get(context, "foo")).isNull();
            assertThat(again.getKeys()).containsExactly("bar");
            assertThat(again.get(context, "bar").getExchangeId()).isEqualTo(open.getExchangeId());
            assertThat(again.scan(context)).containsExactly(completed.getExchangeId());
            Exchange recovered = again.recover(context, completed.getExchangeId());
            assertThat(new String((byte[]) recovered.getIn().getBody(), StandardCharsets.UTF_8))
                    .isEqualTo("counter:1");
        } finally {
            again.stop();
        }
    }

    @Test
    void wipeOnStartForgetsEverything() {
        String path = dir.resolve("db").toString();
        RocksDBAggregationRepository repo = new RocksDBAggregationRepository("repo1", path);
        repo.start();
        Exchange e = new DefaultExchange(context);
        repo.add(context, "foo", e);
        repo.remove(context, "bar", e);
        repo.stop();

        RocksDBAggregationRepository again = new RocksDBAggregationRepository("repo1", path);
        again.setWipeOnStart(true);
        again.start();
        try {
            assertThat(again.getKeys()).isEmpty();
            assertThat(again.scan(context)).isEmpty();
        } finally {
            again.stop();
        }
    }
}
