package io.kafkaconnect.metronome.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Apicurio Registry 2.6 (in-memory storage) running as a child process, serving the Confluent
 * schema-registry API under {@code /apis/ccompat/v7} and its own API under {@code /apis/registry/v2}.
 *
 * <p>The build unpacks the distribution into {@code target/apicurio} before the integration tests and
 * passes that directory as the system property {@code apicurio.home}. One server per test class:
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
    /** System property naming a Java home to run the registry with; defaults to the test JVM's own. */
    public static final String JAVA_HOME_PROPERTY = "apicurio.java.home";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    private static final String CONVERTER_CLASS = "io.apicurio.registry.utils.converter.AvroConverter";

    private final Process process;
    private final Thread shutdownHook;
    private final String baseUrl;
    private final Path logFile;

    private ApicurioRegistryServer(Process process, String baseUrl, Path logFile) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.logFile = logFile;
        // Safety net for a test JVM that exits without reaching close(): never leave a registry behind.
        this.shutdownHook = new Thread(process::destroyForcibly, "apicurio-registry-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a registry on a free loopback port and returns once its Confluent API answers. */
    public static ApicurioRegistryServer start() {
        Path runnerJar = findRunnerJar(home());
        int port = freePort();
        Path logFile = Paths.get("target", "test-logs", "apicurio-" + port + ".log").toAbsolutePath();
        Process process;
        try {
            Files.createDirectories(logFile.getParent());
            process = new ProcessBuilder(List.of(
                    javaExecutable(),
                    "-Xmx256m",
                    "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.port=" + port,
                    "-Dquarkus.http.host=127.0.0.1",
                    "-jar", runnerJar.toString()))
                    .directory(runnerJar.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Apicurio Registry from " + runnerJar, e);
        }
        ApicurioRegistryServer server = new ApicurioRegistryServer(process, "http://127.0.0.1:" + port, logFile);
        try {
            server.awaitReady();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Base URL of the Confluent-compatible API, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
    public String ccompatUrl() {
        return baseUrl + "/apis/ccompat/v7";
    }

    /** Base URL of Apicurio's own v2 API, which its serdes and converters talk to. */
    public String registryV2Url() {
        return baseUrl + "/apis/registry/v2";
    }

    /** The registry's log (stdout and stderr of the child process). */
    public Path logFile() {
        return logFile;
    }

    /**
     * Properties that make Apicurio's {@code AvroConverter} the key or value converter, writing Confluent
     * wire format (magic byte 0, 4-byte schema id, Avro binary) and registering schemas on first use.
     * The keys ({@code value.converter}, {@code value.converter.apicurio.registry.url}, ...) are the same
     * for worker properties and for per-connector overrides, so the map fits both.
     */
    public Map<String, String> avroConverterProps(boolean isKey) {
        String prefix = isKey ? "key.converter" : "value.converter";
        Map<String, String> props = new LinkedHashMap<>();
        props.put(prefix, CONVERTER_CLASS);
        converterConfig().forEach((key, value) -> props.put(prefix + "." + key, value));
        return props;
    }

    /** The converter's own settings, unprefixed: for configuring an {@code AvroConverter} directly. */
    public Map<String, String> converterConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("apicurio.registry.url", registryV2Url());
        config.put("apicurio.registry.auto-register", "true");
        config.put("apicurio.registry.as-confluent", "true");
        config.put("apicurio.registry.use-id", "contentId");
        config.put("apicurio.registry.headers.enabled", "false");
        config.put("apicurio.registry.id-handler", "io.apicurio.registry.serde.Legacy4ByteIdHandler");
        return config;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmAlreadyShuttingDown) {
            // The hook is running or about to run; it only destroys the already stopped process.
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest subjects = HttpRequest.newBuilder(URI.create(ccompatUrl() + "/subjects"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        await("Apicurio Registry at " + baseUrl + " (log: " + logFile + ")")
                .atMost(STARTUP_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsMatching(e -> e instanceof IOException)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Apicurio Registry exited with code "
                                + process.exitValue() + " during startup; see " + logFile);
                    }
                    return http.send(subjects, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
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

    private static Path findRunnerJar(Path home) {
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException("No Apicurio Registry distribution at " + home.toAbsolutePath()
                    + ": run the integration tests through Maven (mvn verify -pl connector), which unpacks it"
                    + " in the pre-integration-test phase, or set -D" + HOME_PROPERTY);
        }
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No *-runner.jar in " + home.toAbsolutePath()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaExecutable() {
        String javaHome = System.getProperty(JAVA_HOME_PROPERTY, System.getProperty("java.home"));
        return Paths.get(javaHome, "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "ApicurioRegistryServer(" + baseUrl + ")";
    }
}
