package io.kafkaconnect.metronome.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A small real-HTTP client for the tests; automatic retries are off so injected faults stay visible. */
final class EmulatorClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String token;
    private final CloseableHttpClient http;

    record Reply(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException notJson) {
                throw new UncheckedIOException(notJson);
            }
        }

        JsonNode data() {
            return json().get("data");
        }

        String message() {
            return json().path("message").asText();
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    EmulatorClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(64).setMaxConnPerRoute(64).build())
                .disableAutomaticRetries()
                .build();
    }

    EmulatorClient(MetronomeEmulator emulator) {
        this(emulator.baseUrl(), emulator.token());
    }

    Reply get(String pathAndQuery) {
        return send("GET", pathAndQuery, null, Map.of());
    }

    Reply delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    Reply post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    Reply postWithKey(String path, Object body, String idempotencyKey) {
        return send("POST", path, body, Map.of("Idempotency-Key", idempotencyKey));
    }

    Reply put(String path, Object body) {
        return send("PUT", path, body, Map.of());
    }

    /** @param body a String is sent as is, anything else as JSON; null sends no body */
    Reply send(String method, String path, Object body, Map<String, String> headers) {
        HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create(baseUrl + path));
        if (token != null) {
            request.setHeader("Authorization", "Bearer " + token);
        }
        headers.forEach(request::setHeader);
        if (body != null) {
            request.setEntity(new StringEntity(body instanceof String text ? text : write(body),
                    ContentType.APPLICATION_JSON));
        }
        try {
            return http.execute(request, response -> {
                Map<String, String> replyHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (Header header : response.getHeaders()) {
                    replyHeaders.put(header.getName(), header.getValue());
                }
                String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
                return new Reply(response.getCode(), replyHeaders, text);
            });
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    // --- shortcuts used across test classes ---

    String createCustomer(String name, String... aliases) {
        Reply reply = post("/v1/customers", Map.of("name", name, "ingest_aliases", List.of(aliases)));
        if (reply.status() != 200) {
            throw new AssertionError("create failed: " + reply);
        }
        return reply.data().get("id").asText();
    }

    String createMetric(Map<String, Object> spec) {
        Reply reply = post("/v1/billable-metrics/create", spec);
        if (reply.status() != 200) {
            throw new AssertionError("metric create failed: " + reply);
        }
        return reply.data().get("id").asText();
    }

    /** Registers a custom field key (no uniqueness) through {@code POST /v1/customFields/addKey}. */
    void addCustomFieldKey(String entity, String key) {
        Reply reply = post("/v1/customFields/addKey", Map.of("entity", entity, "key", key, "enforce_uniqueness", false));
        if (reply.status() != 200) {
            throw new AssertionError("addKey failed: " + reply);
        }
    }

    JsonNode customer(String id) {
        return get("/v1/customers/" + id).data();
    }

    @Override
    public void close() throws IOException {
        http.close();
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
    }
}
