package io.kafkaconnect.metronome.quickstart.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/** The Confluent Schema Registry API (Confluent's server, or Apicurio's {@code /apis/ccompat/v7}). */
public final class CompatSchemaRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public CompatSchemaRegistry(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Registers (or finds) {@code schema} under {@code subject}; returns the id that goes into the wire format. */
    public int register(String subject, Schema schema) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
        JsonNode answer = send(HttpRequest.newBuilder(uri("/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8)
                + "/versions")).POST(HttpRequest.BodyPublishers.ofString(body)));
        return answer.path("id").asInt();
    }

    /** The schema with that id, fetched once. */
    public Schema schema(int id) {
        return schemasById.computeIfAbsent(id, key -> {
            try {
                JsonNode answer = send(HttpRequest.newBuilder(uri("/schemas/ids/" + key)).GET());
                return new Schema.Parser().parse(answer.path("schema").asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while fetching schema " + key, e);
            }
        });
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json").build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException("Schema registry answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
