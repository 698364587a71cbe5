package io.kafkaconnect.metronome.quickstart.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Apicurio Registry 2.x (in-memory storage) as a child process. It serves the Confluent Schema Registry API
 * under {@code /apis/ccompat/v7}, so Confluent-wire-format Avro written through it reads like Confluent's.
 */
public final class ApicurioRegistry implements AutoCloseable {

    private final JavaProcess process;
    private final String baseUrl;

    private ApicurioRegistry(JavaProcess process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts the {@code *-runner.jar} found under {@code distribution}; returns once the ccompat API answers. */
    public static ApicurioRegistry start(Path distribution, Path dir, Duration timeout) throws InterruptedException {
        Path runner = runnerJar(distribution);
        int port = FreePort.pick();
        JavaProcess process = JavaProcess.start("apicurio registry",
                List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                        "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port),
                "", null, List.of("-jar", runner.toString()), Map.of(), dir.resolve("registry.log"));
        ApicurioRegistry registry = new ApicurioRegistry(process, "http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            Deadline.await("Apicurio Registry on port " + port, timeout, process::checkAlive, () -> {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + "/subjects"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                return response.statusCode() == 200 ? Boolean.TRUE : null;
            });
        } catch (RuntimeException | InterruptedException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    static Path runnerJar(Path distribution) {
        try (Stream<Path> files = Files.walk(distribution)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No Apicurio *-runner.jar under " + distribution
                            + "; build first: mvn -B -DskipTests package"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot search " + distribution, e);
        }
    }

    /** The Confluent-compatible API, e.g. for decoding records by schema id. */
    public String ccompatUrl() {
        return baseUrl + "/apis/ccompat/v7";
    }

    public String registryV2Url() {
        return baseUrl + "/apis/registry/v2";
    }

    /**
     * Settings of Apicurio's Avro converter that make it write Confluent wire format (magic byte, 4-byte id,
     * Avro binary), keyed without a prefix: put them under {@code key.converter.}, {@code value.converter.} etc.
     */
    public Map<String, String> avroConverterSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("", "io.apicurio.registry.utils.converter.AvroConverter");
        settings.put(".apicurio.registry.url", registryV2Url());
        settings.put(".apicurio.registry.auto-register", "true");
        settings.put(".apicurio.registry.as-confluent", "true");
        settings.put(".apicurio.registry.use-id", "contentId");
        settings.put(".apicurio.registry.headers.enabled", "false");
        settings.put(".apicurio.registry.id-handler", "io.apicurio.registry.serde.Legacy4ByteIdHandler");
        return settings;
    }

    /** {@link #avroConverterSettings()} under a prefix such as {@code value.converter}. */
    public Map<String, String> avroConverterSettings(String prefix) {
        Map<String, String> prefixed = new LinkedHashMap<>();
        avroConverterSettings().forEach((key, value) -> prefixed.put(prefix + key, value));
        return prefixed;
    }

    public JavaProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
