package io.kafkaconnect.metronome.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.emulator.EmulatorMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Metronome emulator in its own JVM, so the bench JVM's heap and CPU profile hold only connector code; driven
 * through its HTTP control API ({@code /_emulator}).
 */
final class EmulatorProcess implements AutoCloseable {

    static final String TOKEN = "bench-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    EmulatorProcess(String maxHeap) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            process = new ProcessBuilder(List.of(java, "-Xmx" + maxHeap, "-XX:+UseParallelGC",
                    "-cp", System.getProperty("java.class.path"), EmulatorMain.class.getName(),
                    "--port", "0", "--token", TOKEN))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String first = out.readLine();
            if (first == null || !first.startsWith("http://")) {
                process.destroyForcibly();
                throw new IllegalStateException("the emulator did not start: " + first);
            }
            baseUrl = first.trim();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "emulator-process-stop"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the emulator process", e);
        }
    }

    String baseUrl() {
        return baseUrl;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the emulator process has used so far. */
    long cpuNanos() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException(
                "the emulator process's CPU time is not readable here")).toNanos();
    }

    /** Forgets every customer, fault and request count. */
    void reset() {
        call("POST", "/_emulator/reset", null);
    }

    void seedCustomers(int count, String namePrefix, String aliasPrefix) {
        call("POST", "/_emulator/customers/bulk", Map.of("count", count, "name_prefix", namePrefix,
                "alias_prefix", aliasPrefix));
    }

    /** Freezes the emulator's clock at {@code now} (ISO 8601); {@link #reset} brings back the real one. */
    void setClock(String now) {
        call("PUT", "/_emulator/clock", Map.of("now", now));
    }

    /** The ids of every active customer, read page by page through {@code GET /v1/customers}. */
    List<String> customerIds() {
        List<String> ids = new ArrayList<>();
        String nextPage = null;
        do {
            JsonNode page = call("GET", "/v1/customers?limit=100"
                    + (nextPage == null ? "" : "&next_page=" + URLEncoder.encode(nextPage, StandardCharsets.UTF_8)),
                    null);
            page.path("data").forEach(customer -> ids.add(customer.path("id").asText()));
            nextPage = page.path("next_page").isTextual() ? page.path("next_page").asText() : null;
        } while (nextPage != null);
        return ids;
    }

    /** Gives a customer a rate plan ({@code PUT /_emulator/customers/{id}/rates}: rates, plan_name, minimum). */
    void setPlan(String customerId, Map<String, Object> plan) {
        call("PUT", "/_emulator/customers/" + customerId + "/rates", plan);
    }

    /** Every {@code /v1} request answers after {@code latencyMs}; no errors. */
    void latency(long latencyMs) {
        call("PUT", "/_emulator/faults", Map.of("ratio", 0, "latency_ms", latencyMs));
    }

    void resetRequestCounts() {
        call("DELETE", "/_emulator/requests", null);
    }

    /** Requests per "METHOD /template" since the last reset. */
    Map<String, Long> requestCounts() {
        JsonNode counts = call("GET", "/_emulator/requests", null).path("counts");
        return JSON.convertValue(counts, JSON.getTypeFactory().constructMapType(Map.class, String.class, Long.class));
    }

    long totalRequests() {
        return requestCounts().values().stream().mapToLong(Long::longValue).sum();
    }

    /** What ingest accepted since the last reset ({@code GET /_emulator/usage}). */
    record Usage(long total, long duplicatesIgnored, long unmatched) {
    }

    Usage usage() {
        JsonNode usage = call("GET", "/_emulator/usage", null);
        return new Usage(usage.path("total").asLong(), usage.path("duplicates_ignored").asLong(),
                usage.path("unmatched").asLong());
    }

    private JsonNode call(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofMinutes(5))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json");
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
