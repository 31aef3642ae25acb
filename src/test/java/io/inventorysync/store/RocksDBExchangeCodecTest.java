package io.inventorysync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RocksDBExchangeCodecTest {

    private final CamelContext context = new DefaultCamelContext();
    private final RocksDBExchangeCodec codec = new RocksDBExchangeCodec(List.of("agent", "count"));

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private Exchange aggregated() {
        Exchange e = new DefaultExchange(context);
        e.getIn().setBody(new byte[] {1, 2, 3});
        e.getIn().setHeader("agent", "001");
        e.getIn().setHeader("count", 5);
        e.getIn().setHeader("dropped", "not kept");
        e.setProperty(ExchangePropertyKey.AGGREGATED_SIZE, 12);
        e.setProperty(ExchangePropertyKey.AGGREGATED_TIMEOUT, 10_000L);
        e.setProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY, "predicate");
        e.setProperty(ExchangePropertyKey.AGGREGATED_CORRELATION_KEY, "123");
        e.setProperty("other", "not kept");
        return e;
    }

    @Test
    void roundTripKeepsIdBodyChosenHeadersAndAggregationProperties() {
        Exchange original = aggregated();
        Exchange back = codec.decode(context, codec.encode(original));

        assertThat(back.getExchangeId()).isEqualTo(original.getExchangeId());
        assertThat(back.getIn().getBody()).isEqualTo(new byte[] {1, 2, 3});
        assertThat(back.getIn().getHeaders()).containsOnlyKeys("agent", "count");
        assertThat(back.getIn().getHeader("agent")).isEqualTo("001");
        assertThat(back.getIn().getHeader("count")).isEqualTo(5L);
        assertThat(back.getProperty(ExchangePropertyKey.AGGREGATED_SIZE)).isEqualTo(12);
        assertThat(back.getProperty(ExchangePropertyKey.AGGREGATED_TIMEOUT)).isEqualTo(10_000L);
        assertThat(back.getProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY))
                .isEqualTo("predicate");
        assertThat(back.getProperty(ExchangePropertyKey.AGGREGATED_CORRELATION_KEY))
                .isEqualTo("123");
        assertThat(back.getProperty("other")).isNull();
    }

    @Test
    void absentFieldsStayAbsent() {
        Exchange e = new DefaultExchange(context);
        Exchange back = codec.decode(context, codec.encode(e));
        assertThat(back.getIn().getBody()).isNull();
        assertThat(back.getIn().getHeaders()).isEmpty();
        assertThat(back.getProperty(ExchangePropertyKey.AGGREGATED_SIZE)).isNull();
        assertThat(back.getProperty(ExchangePropertyKey.AGGREGATED_TIMEOUT)).isNull();
    }

    @Test
    void stringBodyIsStoredAsUtf8Bytes() {
        Exchange e = new DefaultExchange(context);
        e.getIn().setBody("héllo");
        Exchange back = codec.decode(context, codec.encode(e));
        assertThat((byte[]) back.getIn().getBody()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
        assertThat(back.getIn().getBody(String.class)).isEqualTo("héllo");
    }

    @Test
    void unknownVersionIsRefusedWithAClearError() {
        byte[] data = codec.encode(aggregated());
        assertThat(RocksDBExchangeCodec.formatVersion(data)).isEqualTo(RocksDBExchangeCodec.FORMAT_VERSION);
        data[1] = 9;
        assertThatThrownBy(() -> codec.decode(context, data))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unsupported RocksDBExchangeCodec format version 9")
                .hasMessageContaining("reads version 1");
    }

    @Test
    void javaSerializationStreamsAreRefused() {
        // the magic of ObjectOutputStream (0xACED): what an old serializing repository would have written
        byte[] serialized = {(byte) 0xAC, (byte) 0xED, 0, 5, 0x73, 0x72};
        assertThatThrownBy(() -> codec.decode(context, serialized))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a RocksDBExchangeCodec record");
    }

    @Test
    void truncatedRecordIsRefused() {
        byte[] data = codec.encode(aggregated());
        byte[] cut = Arrays.copyOf(data, data.length - 3);
        assertThatThrownBy(() -> codec.decode(context, cut))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Corrupt");
    }

    @Test
    void unsupportedHeaderTypeIsRefusedNotSerialized() {
        Exchange e = new DefaultExchange(context);
        e.getIn().setHeader("agent", new Date());
        assertThatThrownBy(() -> codec.encode(e))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Header 'agent'");
    }
}
