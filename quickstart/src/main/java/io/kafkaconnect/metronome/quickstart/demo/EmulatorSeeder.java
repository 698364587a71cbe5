package io.kafkaconnect.metronome.quickstart.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a Metronome emulator with demo data through its HTTP API, as a user would with curl: customers with
 * ingest aliases, three billable metrics, per-customer rates and usage over the last days, so that the source
 * connector has customers, costs and billable metrics to copy. The third metric, {@value #TOKENS_METRIC}, gets no
 * usage here: the demo's usage events ({@link DemoUsage}) go through the usage sink.
 */
public final class EmulatorSeeder {

    /** Ingest aliases and names of the demo customers; the demo commands refer to them by alias. */
    public static final Map<String, String> CUSTOMERS = Map.of(
            "acme", "Acme Corp",
            "globex", "Globex",
            "initech", "Initech",
            "hooli", "Hooli",
            "umbrella", "Umbrella Inc");

    /** The metric the demo's usage events ({@link DemoUsage}) are billed by: the sum of their tokens. */
    public static final String TOKENS_METRIC = "Tokens";
    public static final String TOKENS_EVENT_TYPE = "tokens";
    /** Cents per token, the same for every customer. */
    public static final BigDecimal TOKEN_PRICE = new BigDecimal("0.01");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int USAGE_DAYS = 3;
    private static final int MAX_EVENTS_PER_INGEST = 100;

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public EmulatorSeeder(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** Seeds everything; returns the Metronome ids of the customers by ingest alias. */
    public Map<String, String> seed() throws IOException, InterruptedException {
        String apiCalls = createMetric(Map.of("name", "API calls", "aggregation_type", "COUNT",
                "event_type_filter", Map.of("in_values", List.of("api_call"))));
        String storage = createMetric(Map.of("name", "Storage (GB)", "aggregation_type", "SUM",
                "aggregation_key", "gb", "event_type_filter", Map.of("in_values", List.of("storage"))));
        String tokens = createMetric(Map.of("name", TOKENS_METRIC, "aggregation_type", "SUM", "aggregation_key",
                "tokens", "event_type_filter", Map.of("in_values", List.of(TOKENS_EVENT_TYPE))));

        Map<String, String> ids = new LinkedHashMap<>();
        int n = 0;
        for (String alias : CUSTOMERS.keySet().stream().sorted().toList()) {
            JsonNode created = post("/v1/customers", Map.of("name", CUSTOMERS.get(alias), "ingest_aliases", List.of(alias)));
            String id = created.path("data").path("id").asText();
            ids.put(alias, id);
            // cents per unit: API calls 0.5-2.5 ¢, storage 10-30 ¢ per GB
            send("PUT", "/_emulator/customers/" + id + "/rates",
                    Map.of("rates", Map.of(apiCalls, 0.5 + (n % 3), storage, 10.0 + 10 * (n % 3), tokens, TOKEN_PRICE)));
            ingestUsage(alias, ++n);
        }
        return ids;
    }

    private void ingestUsage(String alias, int weight) throws IOException, InterruptedException {
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        List<Map<String, Object>> events = new ArrayList<>();
        for (int day = USAGE_DAYS; day >= 0; day--) {
            Instant dayStart = today.minus(day, ChronoUnit.DAYS);
            for (int i = 0; i < 5 * weight; i++) {
                events.add(Map.of("transaction_id", alias + "-api-" + day + "-" + i, "customer_id", alias,
                        "event_type", "api_call", "timestamp", dayStart.plus(i, ChronoUnit.MINUTES).toString(),
                        "properties", Map.of("endpoint", "/v1/things")));
            }
            events.add(Map.of("transaction_id", alias + "-storage-" + day, "customer_id", alias,
                    "event_type", "storage", "timestamp", dayStart.plus(1, ChronoUnit.HOURS).toString(),
                    "properties", Map.of("gb", 10 * weight)));
        }
        for (int from = 0; from < events.size(); from += MAX_EVENTS_PER_INGEST) {
            post("/v1/ingest", events.subList(from, Math.min(events.size(), from + MAX_EVENTS_PER_INGEST)));
        }
    }

    /** {@code GET /_emulator/usage}: what ingest holds ({@code total}, {@code duplicates_ignored}, ...). */
    public JsonNode usage() throws IOException, InterruptedException {
        return send("GET", "/_emulator/usage", null);
    }

    private String createMetric(Map<String, Object> body) throws IOException, InterruptedException {
        return post("/v1/billable-metrics/create", body).path("data").path("id").asText();
    }

    private JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    private JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
