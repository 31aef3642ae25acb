package io.inventorysync.store;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.support.DefaultExchange;

/**
 * The explicit, versioned binary form of an exchange stored by {@link RocksDBAggregationRepository}.
 * No Java serialization: only the fields below are written, and reading never instantiates a class named
 * by the data.
 *
 * <p>Kept: the exchange id; the body as {@code byte[]} (converted with Camel's type converters when it is
 * another type, e.g. a String becomes UTF-8); the headers named in {@code headersToKeep} whose values are
 * strings or integral numbers (read back as {@code String} and {@code Long}); and the aggregation properties
 * {@code CamelAggregatedSize}, {@code CamelAggregatedTimeout} (needed to re-arm completion timeouts after a
 * restart), {@code CamelAggregatedCompletedBy} and {@code CamelAggregatedCorrelationKey}. Everything else is
 * dropped.
 *
 * <p>Format version 1 (varints are unsigned LEB128, strings are a varint length then UTF-8):
 *
 * <pre>
 * byte     magic 0xCA
 * byte     version 1
 * string   exchange id
 * byte     flags: 1 body, 2 size, 4 timeout, 8 completedBy, 16 correlationKey
 * [varint length + bytes]   body            if flag 1
 * [varint]                  aggregated size if flag 2
 * [zig-zag varint]          timeout (ms)    if flag 4
 * [string]                  completedBy     if flag 8
 * [string]                  correlationKey  if flag 16
 * varint   header count, then per header: string name, byte type ('S' string | 'L' long), value
 * </pre>
 *
 * <p>A record with another magic byte or version is refused with an {@link IllegalArgumentException} that
 * names the version found and the version this build reads. Instances are immutable and thread-safe.
 */
public final class RocksDBExchangeCodec {

    /** The format version this build writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The first byte of every record. */
    public static final int MAGIC = 0xCA;

    private static final int F_BODY = 1;
    private static final int F_SIZE = 2;
    private static final int F_TIMEOUT = 4;
    private static final int F_COMPLETED_BY = 8;
    private static final int F_CORRELATION_KEY = 16;
    private static final int F_ALL = F_BODY | F_SIZE | F_TIMEOUT | F_COMPLETED_BY | F_CORRELATION_KEY;
    private static final int T_STRING = 'S';
    private static final int T_LONG = 'L';

    private final Set<String> headersToKeep;

    /** A codec that keeps the named headers (String or integral values only). */
    public RocksDBExchangeCodec(Collection<String> headersToKeep) {
        this.headersToKeep = Collections.unmodifiableSet(new LinkedHashSet<>(headersToKeep));
    }

    /**
     * Writes {@code exchange}.
     *
     * @throws IllegalArgumentException if the body cannot be converted to {@code byte[]} or a kept header holds a
     *                                  value that is neither a string nor an integral number
     */
    public byte[] encode(Exchange exchange) {
        byte[] body = bodyBytes(exchange);
        Integer size = exchange.getProperty(ExchangePropertyKey.AGGREGATED_SIZE, Integer.class);
        Long timeout = exchange.getProperty(ExchangePropertyKey.AGGREGATED_TIMEOUT, Long.class);
        String completedBy = exchange.getProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY, String.class);
        String correlationKey = exchange.getProperty(ExchangePropertyKey.AGGREGATED_CORRELATION_KEY, String.class);
        int flags = (body != null ? F_BODY : 0)
                | (size != null ? F_SIZE : 0)
                | (timeout != null ? F_TIMEOUT : 0)
                | (completedBy != null ? F_COMPLETED_BY : 0)
                | (correlationKey != null ? F_CORRELATION_KEY : 0);

        RocksDBBytes.Writer w = new RocksDBBytes.Writer(64 + (body != null ? body.length : 0));
        w.writeByte(MAGIC)
                .writeByte(FORMAT_VERSION)
                .writeString(exchange.getExchangeId())
                .writeByte(flags);
        if (body != null) {
            w.writeBytes(body);
        }
        if (size != null) {
            w.writeVarLong(size & 0xFFFFFFFFL);
        }
        if (timeout != null) {
            w.writeZigZag(timeout);
        }
        if (completedBy != null) {
            w.writeString(completedBy);
        }
        if (correlationKey != null) {
            w.writeString(correlationKey);
        }
        writeHeaders(w, exchange);
        return w.toByteArray();
    }

    /**
     * Reads a record into a new exchange of {@code camelContext} carrying the stored exchange id.
     *
     * @throws IllegalArgumentException on an unknown magic byte or format version, or corrupt data
     */
    public Exchange decode(CamelContext camelContext, byte[] data) {
        RocksDBBytes.Reader r = new RocksDBBytes.Reader(data, "RocksDBExchangeCodec record");
        int magic = r.readByte();
        if (magic != MAGIC) {
            throw new IllegalArgumentException(String.format(
                    "Not a RocksDBExchangeCodec record: first byte 0x%02X, expected 0x%02X", magic, MAGIC));
        }
        int version = r.readByte();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("Unsupported RocksDBExchangeCodec format version " + version
                    + " (this build reads version " + FORMAT_VERSION + "); refusing to decode");
        }
        Exchange exchange = new DefaultExchange(camelContext);
        exchange.setExchangeId(r.readString());
        int flags = r.readByte();
        if ((flags & ~F_ALL) != 0) {
            throw new IllegalArgumentException(
                    "Corrupt RocksDBExchangeCodec record: unknown flags 0x" + Integer.toHexString(flags));
        }
        if ((flags & F_BODY) != 0) {
            exchange.getIn().setBody(r.readBytes());
        }
        if ((flags & F_SIZE) != 0) {
            exchange.setProperty(ExchangePropertyKey.AGGREGATED_SIZE, (int) r.readVarLong());
        }
        if ((flags & F_TIMEOUT) != 0) {
            exchange.setProperty(ExchangePropertyKey.AGGREGATED_TIMEOUT, r.readZigZag());
        }
        if ((flags & F_COMPLETED_BY) != 0) {
            exchange.setProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY, r.readString());
        }
        if ((flags & F_CORRELATION_KEY) != 0) {
            exchange.setProperty(ExchangePropertyKey.AGGREGATED_CORRELATION_KEY, r.readString());
        }
        long headers = r.readVarLong();
        for (long i = 0; i < headers; i++) {
            String name = r.readString();
            int type = r.readByte();
            if (type == T_STRING) {
                exchange.getIn().setHeader(name, r.readString());
            } else if (type == T_LONG) {
                exchange.getIn().setHeader(name, r.readZigZag());
            } else {
                throw new IllegalArgumentException(
                        "Corrupt RocksDBExchangeCodec record: header '" + name + "' has unknown type byte " + type);
            }
        }
        r.expectEnd();
        return exchange;
    }

    /** The format version of a stored record, without decoding the rest. */
    public static int formatVersion(byte[] data) {
        if (data.length < 2 || (data[0] & 0xFF) != MAGIC) {
            throw new IllegalArgumentException("Not a RocksDBExchangeCodec record");
        }
        return data[1] & 0xFF;
    }

    private static byte[] bodyBytes(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body == null) {
            return null;
        }
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        try {
            return exchange.getIn().getMandatoryBody(byte[].class);
        } catch (InvalidPayloadException e) {
            throw new IllegalArgumentException(
                    "Body of exchange " + exchange.getExchangeId() + " of type "
                            + body.getClass().getName() + " cannot be stored: it does not convert to byte[]",
                    e);
        }
    }

    private void writeHeaders(RocksDBBytes.Writer w, Exchange exchange) {
        if (headersToKeep.isEmpty()) {
            w.writeVarLong(0);
            return;
        }
        Map<String, Object> headers = exchange.getIn().getHeaders();
        int n = 0;
        for (String name : headersToKeep) {
            if (headers.get(name) != null) {
                n++;
            }
        }
        w.writeVarLong(n);
        for (String name : headersToKeep) {
            Object value = headers.get(name);
            if (value == null) {
                continue;
            }
            w.writeString(name);
            if (value instanceof CharSequence s) {
                w.writeByte(T_STRING).writeString(s.toString());
            } else if (value instanceof Long
                    || value instanceof Integer
                    || value instanceof Short
                    || value instanceof Byte) {
                w.writeByte(T_LONG).writeZigZag(((Number) value).longValue());
            } else {
                throw new IllegalArgumentException("Header '" + name + "' of exchange " + exchange.getExchangeId()
                        + " holds a " + value.getClass().getName()
                        + "; only strings and integral numbers can be stored");
            }
        }
    }
}
