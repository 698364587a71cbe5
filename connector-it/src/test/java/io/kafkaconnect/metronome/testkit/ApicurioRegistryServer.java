package io.kafkaconnect.metronome.testkit;

import static org.awaitility.Awaitility.await;

import io.kafkaconnect.metronome.processes.ApicurioRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Apicurio Registry 2.6 (in-memory storage) for a test class, running as a child process
 * ({@link ApicurioRegistry}, shared with the quickstart): the Confluent schema-registry API under
 * {@code /apis/ccompat/v7}, Apicurio's own under {@code /apis/registry/v2}.
 *
 * <p>The build unpacks the distribution into {@code target/apicurio} before the integration tests and passes that
 * directory as the system property {@code apicurio.home}. One server per test class:
 * <pre>{@code
 * static ApicurioRegistryServer registry = ApicurioRegistryServer.start();
 * ...
 * workerProps.putAll(registry.avroConverterProps(false));
 * }</pre>
 * Schema ids assigned by the registry do not start at 1: read them from the records, never hard-code them.
 */
public final class ApicurioRegistryServer implements AutoCloseable {

    /** System property naming the unpacked distribution (set by the Failsafe configuration). */
    public static final String HOME_PROPERTY = "apicurio.home";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    private static final AtomicInteger STARTED = new AtomicInteger();

    private final ApicurioRegistry registry;

    private ApicurioRegistryServer(ApicurioRegistry registry) {
        this.registry = registry;
    }

    /** Starts a registry on a free loopback port and returns once its Confluent API answers. */
    public static ApicurioRegistryServer start() {
        Path log = Paths.get("target", "test-logs", "apicurio-" + ProcessHandle.current().pid() + "-"
                + STARTED.incrementAndGet() + ".log").toAbsolutePath();
        ApicurioRegistryServer server = new ApicurioRegistryServer(ApicurioRegistry.launch(home(), log));
        try {
            await("Apicurio Registry at " + server.ccompatUrl() + " (log: " + log + ")")
                    .atMost(STARTUP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .until(server.registry::answers);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Base URL of the Confluent-compatible API, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
    public String ccompatUrl() {
        return registry.ccompatUrl();
    }

    /**
     * Properties that make Apicurio's {@code AvroConverter} the key or value converter, writing Confluent wire format
     * (magic byte 0, 4-byte schema id, Avro binary) and registering schemas on first use. The keys
     * ({@code value.converter}, {@code value.converter.apicurio.registry.url}, ...) are the same for worker properties
     * and for per-connector overrides, so the map fits both.
     */
    public Map<String, String> avroConverterProps(boolean isKey) {
        return registry.avroConverterSettings(isKey ? "key.converter" : "value.converter");
    }

    /** The converter's own settings, unprefixed: for configuring an {@code AvroConverter} directly. */
    public Map<String, String> converterConfig() {
        return registry.converterConfig();
    }

    @Override
    public void close() {
        registry.close();
    }

    private static Path home() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        // Run from an IDE: the module directory is the working directory, or the repository root is.
        Path moduleRelative = Paths.get("target", "apicurio");
        return Files.isDirectory(moduleRelative) ? moduleRelative : Paths.get("connector", "target", "apicurio");
    }

    @Override
    public String toString() {
        return "ApicurioRegistryServer(" + registry.ccompatUrl() + ")";
    }
}
