package io.inventorysync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository contract, without routes. */
class RocksDBAggregationRepositoryTest {

    @TempDir
    Path dir;

    private CamelContext context;
    private RocksDBAggregationRepository repo;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        repo = new RocksDBAggregationRepository("repo1", dir.resolve("db").toString());
        repo.setHeadersToKeep("id");
        repo.start();
    }

    @AfterEach
    void stop() throws Exception {
        repo.stop();
        context.close();
    }

    private Exchange exchange(String body) {
        Exchange e = new DefaultExchange(context);
        e.getIn().setBody(body);
        e.getIn().setHeader("id", 123);
        return e;
    }

    private static String body(Exchange e) {
        return new String((byte[]) e.getIn().getBody(), StandardCharsets.UTF_8);
    }

    @Test
    void addThenGetReturnsTheStoredExchange() {
        Exchange e = exchange("counter:1");
        assertThat(repo.add(context, "foo", e)).isNull();

        Exchange got = repo.get(context, "foo");
        assertThat(got.getExchangeId()).isEqualTo(e.getExchangeId());
        assertThat(body(got)).isEqualTo("counter:1");
        assertThat(got.getIn().getHeader("id")).isEqualTo(123L);
        assertThat(repo.getKeys()).containsExactly("foo");
    }

    @Test
    void missingKeysAnswerNullAndEmpty() {
        assertThat(repo.get(context, "nope")).isNull();
        assertThat(repo.recover(context, "nope")).isNull();
        assertThat(repo.getKeys()).isEmpty();
        assertThat(repo.scan(context)).isEmpty();
    }

    @Test
    void reAddReplacesTheGroup() {
        repo.add(context, "foo", exchange("counter:1"));
        repo.add(context, "foo", exchange("counter:2"));
        assertThat(body(repo.get(context, "foo"))).isEqualTo("counter:2");
        assertThat(repo.getKeys()).containsExactly("foo");
    }

    @Test
    void returnOldExchangeHandsBackThePreviousGroup() {
        repo.setReturnOldExchange(true);
        assertThat(repo.add(context, "foo", exchange("counter:1"))).isNull();
        assertThat(body(repo.add(context, "foo", exchange("counter:2")))).isEqualTo("counter:1");
    }

    @Test
    void removeMovesTheGroupToCompletedForRecovery() {
        Exchange e = exchange("counter:1");
        repo.add(context, "foo", e);
        repo.remove(context, "foo", e);

        assertThat(repo.get(context, "foo")).isNull();
        assertThat(repo.getKeys()).isEmpty();
        assertThat(repo.scan(context)).containsExactly(e.getExchangeId());
        Exchange recovered = repo.recover(context, e.getExchangeId());
        assertThat(recovered.getExchangeId()).isEqualTo(e.getExchangeId());
        assertThat(body(recovered)).isEqualTo("counter:1");
    }

    @Test
    void confirmRemovesTheCompletedExchange() {
        Exchange e = exchange("counter:1");
        repo.add(context, "foo", e);
        repo.remove(context, "foo", e);
        repo.confirm(context, e.getExchangeId());

        assertThat(repo.scan(context)).isEmpty();
        assertThat(repo.recover(context, e.getExchangeId())).isNull();
    }

    @Test
    void confirmSucceedsWhenTheKeyIsAlreadyGone() {
        repo.confirm(context, "never-stored");
        assertThat(repo.confirmWithResult(context, "never-stored")).isTrue();

        Exchange e = exchange("x");
        repo.remove(context, "foo", e);
        assertThat(repo.confirmWithResult(context, e.getExchangeId())).isTrue();
        assertThat(repo.confirmWithResult(context, e.getExchangeId())).isTrue();
    }

    @Test
    void removeOfAnAbsentGroupStillRecordsTheCompletedExchange() {
        Exchange e = exchange("late");
        repo.remove(context, "gone", e);
        assertThat(repo.scan(context)).containsExactly(e.getExchangeId());
    }

    @Test
    void keyCanBeReusedAfterCompletion() {
        Exchange first = exchange("one");
        repo.add(context, "foo", first);
        repo.remove(context, "foo", first);
        Exchange second = exchange("two");
        repo.add(context, "foo", second);

        assertThat(body(repo.get(context, "foo"))).isEqualTo("two");
        assertThat(repo.scan(context)).containsExactly(first.getExchangeId());
    }

    @Test
    void getKeysAndScanNeverReturnNullOrThrowWhenStopped() {
        repo.add(context, "foo", exchange("x"));
        repo.stop();
        assertThat(repo.getKeys()).isNotNull().isEmpty();
        assertThat(repo.scan(context)).isNotNull().isEmpty();
        assertThatThrownBy(() -> repo.get(context, "foo"))
                .isInstanceOf(RocksDBStoreException.class)
                .hasMessageContaining("not started");
        repo.start();
        assertThat(repo.getKeys()).containsExactly("foo");
    }

    @Test
    void unreadableRecordFailsWithRepositoryAndKeyInTheMessage() throws Exception {
        new RocksDBGroups(repo.getStore(), "repo1", () -> RocksDBSyncMode.NEVER)
                .put("bad", new byte[] {(byte) RocksDBExchangeCodec.MAGIC, 42});
        assertThatThrownBy(() -> repo.get(context, "bad"))
                .isInstanceOf(RocksDBStoreException.class)
                .hasMessageContaining("repo1")
                .hasMessageContaining("key bad")
                .hasMessageContaining("format version 42");
        // listing still works
        assertThat(repo.getKeys()).containsExactly("bad");
    }

    @Test
    void keysAreListedInByteOrderAndUnicodeSurvives() {
        repo.add(context, "b", exchange("1"));
        repo.add(context, "a", exchange("2"));
        repo.add(context, "clé-ü", exchange("3"));
        assertThat(repo.getKeys()).containsExactly("a", "b", "clé-ü");
        assertThat(body(repo.get(context, "clé-ü"))).isEqualTo("3");
    }
}
