package io.kafkaconnect.metronome.emulator.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.kafkaconnect.metronome.emulator.ApiException;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration of the emulator. Decimals stay {@link java.math.BigDecimal} end to end
 * so prices and quantities are exact, and are written plainly ({@code 1000}, not {@code 1E+3}).
 */
public final class JsonCodec {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private JsonCodec() {
    }

    /** Parses a request body; an empty body is a {@link MissingNode}, broken JSON a 400. */
    public static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException malformed) {
            throw ApiException.badRequest("Malformed JSON: " + malformed.getOriginalMessage());
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
    }

    /** The same JSON written with object keys sorted, so that key order does not change a fingerprint. */
    public static byte[] canonical(JsonNode node) {
        try {
            Object plain = MAPPER.treeToValue(node, Object.class);
            return MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsBytes(plain);
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
    }
}
