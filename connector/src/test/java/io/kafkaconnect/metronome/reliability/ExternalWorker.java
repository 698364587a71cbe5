package io.kafkaconnect.metronome.reliability;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.cli.ConnectDistributed;

/**
 * A distributed Connect worker in a JVM of its own, joined to an embedded cluster's group, so that a test can kill
 * it the hard way (SIGKILL: no task stop, no offset commit, no leaving the group) and start it again.
 */
final class ExternalWorker implements AutoCloseable {

    private final Path propertiesFile;
    private final int port;
    private Process process;

    ExternalWorker(Map<String, String> workerProps, Path directory) {
        try {
            port = freePort();
            Properties props = new Properties();
            props.putAll(workerProps);
            props.put("listeners", "http://localhost:" + port);
            propertiesFile = directory.resolve("worker-" + port + ".properties");
            try (Writer out = Files.newBufferedWriter(propertiesFile, StandardCharsets.UTF_8)) {
                props.store(out, "external worker");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The worker id Connect reports in task statuses. */
    String workerId() {
        return "localhost:" + port;
    }

    /** Starts the worker and returns once its REST API answers. */
    void start() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            process = new ProcessBuilder(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), ConnectDistributed.class.getName(),
                    propertiesFile.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an external Connect worker", e);
        }
        await("external worker REST on port " + port).atMost(ReliabilityRig.LONG_WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(this::answers);
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new AssertionError("the external worker exited with " + process.exitValue());
        }
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + port + "/connectors")
                    .toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            return connection.getResponseCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
