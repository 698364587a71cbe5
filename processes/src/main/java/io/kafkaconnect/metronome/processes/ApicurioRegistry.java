package io.kafkaconnect.metronome.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Apicurio Registry 2.x (in-memory storage) as a child process on a free loopback port. It serves the Confluent
 * Schema Registry API under {@code /apis/ccompat/v7}, so Confluent-wire-format Avro written through it reads like
 * Confluent's, and its own API under {@code /apis/registry/v2}, which its converters talk to.
 *
 * <p>{@link #launch} returns at once: wait until {@link #answers()} before use (the quickstart and the tests each
 * wait their own way).
 */
public final class ApicurioRegistry implements AutoCloseable {

    /** Apicurio's Avro converter; with {@link #converterConfig} it writes Confluent wire format. */
    public static final String CONVERTER_CLASS = "io.apicurio.registry.utils.converter.AvroConverter";
    /** Where it serves Confluent's Schema Registry API, below its root URL. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    /** Where it serves its own v2 API, below its root URL. */
    public static final String REGISTRY_V2_PATH = "/apis/registry/v2";

    private final JavaProcess process;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ApicurioRegistry(JavaProcess process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts the {@code *-runner.jar} found under {@code distribution}, its output going to {@code log}. */
    public static ApicurioRegistry launch(Path distribution, Path log) {
        return launch(distribution, "127.0.0.1", FreePort.pick(), List.of(), log);
    }

    /**
     * Starts it on {@code host:port} (an address literal), with extra JVM options, e.g. a hosts file for
     * {@code jdk.net.hosts.file}.
     */
    public static ApicurioRegistry launch(Path distribution, String host, int port, List<String> jvmOptions, Path log) {
        Path runner = runnerJar(distribution);
        List<String> options = new ArrayList<>(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dquarkus.http.host=" + host, "-Dquarkus.http.port=" + port));
        options.addAll(jvmOptions);
        JavaProcess process = JavaProcess.start("apicurio registry", options, "", null,
                List.of("-jar", runner.toString()), Map.of(), log);
        return new ApicurioRegistry(process, "http://" + host + ":" + port);
    }

    static Path runnerJar(Path distribution) {
        if (!Files.isDirectory(distribution)) {
            throw new IllegalStateException("No Apicurio Registry distribution at " + distribution.toAbsolutePath()
                    + "; the build unpacks it (mvn -B -DskipTests package)");
        }
        try (Stream<Path> files = Files.walk(distribution)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No Apicurio *-runner.jar under "
                            + distribution.toAbsolutePath() + "; the build unpacks it (mvn -B -DskipTests package)"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot search " + distribution, e);
        }
    }

    /**
     * Whether the Confluent-compatible API answers now. Fails, naming the log, if the process has died; a registry
     * still starting up is "not yet" (false).
     */
    public boolean answers() throws InterruptedException {
        process.checkAlive();
        HttpRequest subjects = HttpRequest.newBuilder(URI.create(ccompatUrl() + "/subjects"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            return http.send(subjects, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The Confluent-compatible API, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
    public String ccompatUrl() {
        return baseUrl + CCOMPAT_PATH;
    }

    /** Apicurio's own v2 API, which its serdes and converters talk to. */
    public String registryV2Url() {
        return baseUrl + REGISTRY_V2_PATH;
    }

    /**
     * The settings of Apicurio's {@code AvroConverter} that make it write Confluent wire format (magic byte 0, 4-byte
     * schema id, Avro binary) and register schemas on first use, unprefixed: for configuring a converter directly.
     */
    public Map<String, String> converterConfig() {
        return converterConfig(registryV2Url());
    }

    /** The same for the registry whose own v2 API is at {@code registryV2Url}. */
    public static Map<String, String> converterConfig(String registryV2Url) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("apicurio.registry.url", registryV2Url);
        config.put("apicurio.registry.auto-register", "true");
        config.put("apicurio.registry.as-confluent", "true");
        config.put("apicurio.registry.use-id", "contentId");
        config.put("apicurio.registry.headers.enabled", "false");
        config.put("apicurio.registry.id-handler", "io.apicurio.registry.serde.Legacy4ByteIdHandler");
        return config;
    }

    /**
     * That converter under {@code prefix} ({@code key.converter}, {@code value.converter}, ...): the same keys serve
     * worker properties and per-connector overrides.
     */
    public Map<String, String> avroConverterSettings(String prefix) {
        return avroConverterSettings(prefix, registryV2Url());
    }

    /** The same for the registry whose own v2 API is at {@code registryV2Url}. */
    public static Map<String, String> avroConverterSettings(String prefix, String registryV2Url) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(prefix, CONVERTER_CLASS);
        converterConfig(registryV2Url).forEach((key, value) -> settings.put(prefix + "." + key, value));
        return settings;
    }

    public JavaProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
