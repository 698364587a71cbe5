package io.kafkaconnect.metronome.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One call to Metronome, built by {@link MetronomeRequests} and sent by {@link MetronomeClient}.
 *
 * @param method         GET or POST
 * @param pathTemplate   e.g. {@code /v1/customers/{customer_id}/setName}; used in messages and metrics
 * @param path           the concrete path
 * @param query          query parameters in order; null values are left out
 * @param body           JSON body (serialised with {@link MetronomeJson#MAPPER} for each attempt), a {@link JsonBody}
 *                       (sent as written), or null
 * @param idempotencyKey sent as {@code Idempotency-Key}; null for none
 * @param reader         turns a 2xx body into the result
 */
public record ApiRequest<T>(
        String method,
        String pathTemplate,
        String path,
        Map<String, String> query,
        Object body,
        String idempotencyKey,
        ResponseReader<T> reader) {

    public ApiRequest {
        Objects.requireNonNull(method);
        Objects.requireNonNull(path);
        query = query == null ? Map.of() : new LinkedHashMap<>(query);
    }

    /** "METHOD /path/template", for messages and metrics. */
    public String endpoint() {
        return method + " " + pathTemplate;
    }

    /**
     * Metronome stores the first result of a keyed POST, 5xx included, and replays it for the same key:
     * repeating such a request after a server error cannot succeed, so only the caller (with a new key) can.
     */
    boolean serverErrorsAreReplayed() {
        return idempotencyKey != null;
    }

    /** Parses a successful response body; {@code body} may be empty. */
    @FunctionalInterface
    public interface ResponseReader<T> {
        T read(InputStream body) throws IOException;
    }
}
