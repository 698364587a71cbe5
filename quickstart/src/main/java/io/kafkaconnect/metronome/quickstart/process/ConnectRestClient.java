package io.kafkaconnect.metronome.quickstart.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The few calls of the Connect REST API the quickstart and its tests make. */
public final class ConnectRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ConnectRestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Class names from {@code GET /connector-plugins}. */
    public List<String> connectorPlugins() throws IOException, InterruptedException {
        List<String> classes = new ArrayList<>();
        for (JsonNode plugin : send("GET", "/connector-plugins", null)) {
            classes.add(plugin.path("class").asText());
        }
        return classes;
    }

    /** Class name to version, from {@code GET /connector-plugins}: the version each plugin's {@code version()} reports. */
    public Map<String, String> connectorPluginVersions() throws IOException, InterruptedException {
        Map<String, String> versions = new java.util.TreeMap<>();
        for (JsonNode plugin : send("GET", "/connector-plugins", null)) {
            versions.put(plugin.path("class").asText(), plugin.path("version").asText());
        }
        return versions;
    }

    /**
     * {@code PUT /connector-plugins/{class}/config/validate}: Connect's answer for each setting, without creating
     * anything. {@code error_count} is 0 when the configuration is valid.
     */
    public JsonNode validate(String connectorClass, Map<String, String> config) throws IOException, InterruptedException {
        return send("PUT", "/connector-plugins/" + connectorClass + "/config/validate", JSON.writeValueAsString(config));
    }

    /** {@code PUT /connectors/{name}/config}: creates the connector, or updates it if it exists. */
    public void putConnector(String name, Map<String, String> config) throws IOException, InterruptedException {
        send("PUT", "/connectors/" + name + "/config", JSON.writeValueAsString(config));
    }

    /**
     * {@code POST /connectors} with {@code {"name": ..., "config": {...}}}, as {@code curl --data @config/<file>.json}
     * does: creates the connector, and fails (409) if it exists.
     */
    public void createConnector(String name, Map<String, String> config) throws IOException, InterruptedException {
        send("POST", "/connectors", JSON.writeValueAsString(Map.of("name", name, "config", config)));
    }

    /** {@code GET /connectors/{name}/status}. */
    public JsonNode status(String name) throws IOException, InterruptedException {
        return send("GET", "/connectors/" + name + "/status", null);
    }

    /** True once the connector and all its tasks (at least one) are RUNNING; fails fast when any FAILED. */
    public boolean isRunning(String name) throws IOException, InterruptedException {
        JsonNode status = status(name);
        JsonNode tasks = status.path("tasks");
        for (JsonNode task : tasks) {
            if ("FAILED".equals(task.path("state").asText())) {
                throw new ConnectorFailedException(name + " task " + task.path("id").asText() + " FAILED: "
                        + task.path("trace").asText());
            }
        }
        if ("FAILED".equals(status.path("connector").path("state").asText())) {
            throw new ConnectorFailedException(name + " FAILED: " + status.path("connector").path("trace").asText());
        }
        boolean tasksRunning = tasks.size() > 0;
        for (JsonNode task : tasks) {
            tasksRunning &= "RUNNING".equals(task.path("state").asText());
        }
        return "RUNNING".equals(status.path("connector").path("state").asText()) && tasksRunning;
    }

    /** {@code PUT /connectors/{name}/stop} (KIP-875): stops the connector and its tasks, keeping its offsets. */
    public void stop(String name) throws IOException, InterruptedException {
        send("PUT", "/connectors/" + name + "/stop", null);
    }

    private JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    /** A connector or task reported FAILED: waiting longer will not help. */
    public static final class ConnectorFailedException extends RuntimeException {
        public ConnectorFailedException(String message) {
            super(message);
        }
    }
}
