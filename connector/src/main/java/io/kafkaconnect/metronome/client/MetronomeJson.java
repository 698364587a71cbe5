package io.kafkaconnect.metronome.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kafkaconnect.metronome.client.model.Page;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Metronome's JSON conventions (snake_case, RFC 3339 timestamps, unknown fields tolerated, decimals as exact
 * {@link java.math.BigDecimal}) and the streaming
 * readers of its two response envelopes: {@code {"data": X}} and {@code {"data": [...], "next_page": c}}.
 */
public final class MetronomeJson {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // money: never through double; written back plainly (1000, not 1E+3)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private MetronomeJson() {
    }

    /** Reads a list page element by element as it streams in, without building a tree of the whole page. */
    public static <T> Page<T> readPage(InputStream body, Class<T> itemType) throws IOException {
        JavaType type = MAPPER.constructType(itemType);
        List<T> items = new ArrayList<>();
        String nextPage = null;
        try (JsonParser parser = MAPPER.createParser(body)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("data".equals(field) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        items.add(MAPPER.readValue(parser, type));
                    }
                } else if ("next_page".equals(field)) {
                    nextPage = value == JsonToken.VALUE_NULL ? null : parser.getValueAsString();
                } else {
                    parser.skipChildren();
                }
            }
        }
        return new Page<>(items, nextPage);
    }

    /** Reads the {@code data} member of a {@code {"data": X}} envelope. */
    public static <T> T readData(InputStream body, Class<T> type) throws IOException {
        JsonNode root = MAPPER.readTree(body);
        JsonNode data = root == null ? null : root.get("data");
        if (data == null || data.isNull()) {
            throw new IOException("response has no 'data' member");
        }
        return MAPPER.treeToValue(data, type);
    }

    /**
     * Reads every invoice of a preview-events answer, in the order given. The seeds document {@code {"data": Invoice}}
     * (one invoice), the current API and SDKs {@code {"data": [Invoice, ...]}} (one per credit type the customer is
     * billed in): both are accepted.
     */
    public static List<JsonNode> readInvoices(InputStream body) throws IOException {
        JsonNode data = readData(body, JsonNode.class);
        List<JsonNode> invoices = new ArrayList<>();
        if (data.isArray()) {
            for (JsonNode invoice : data) {
                if (!invoice.isObject()) {
                    throw new IOException("preview returned an invoice that is not an object: " + invoice.getNodeType());
                }
                invoices.add(invoice);
            }
        } else if (data.isObject()) {
            invoices.add(data);
        } else {
            throw new IOException("preview returned neither an invoice nor an array of them: " + data.getNodeType());
        }
        return List.copyOf(invoices);
    }

    /** JSON text of a tree read from Metronome, its numbers written with the digits they came with. */
    public static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * JSON text of a tree read from Metronome with every object's keys sorted, so the same content always gives
     * the same text whatever order Metronome wrote the keys in.
     */
    public static String canonicalText(JsonNode node) {
        try {
            return MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsString(MAPPER.treeToValue(node, Object.class));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual);
        }
    }
}
