package io.kafkaconnect.metronome.reliability;

import static org.awaitility.Awaitility.await;

import io.kafkaconnect.metronome.processes.FreePort;
import io.kafkaconnect.metronome.processes.JavaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.cli.ConnectDistributed;

/**
 * A distributed Connect worker in a JVM of its own, joined to an embedded cluster's group, so that a test can kill
 * it the hard way (SIGKILL: no task stop, no offset commit, no leaving the group) and start it again.
 */
final class ExternalWorker implements AutoCloseable {

    private final Path propertiesFile;
    private final Path log;
    private final int port;
    private JavaProcess process;

    /**
     * Settings that put an embedded cluster named {@code clusterName} and external workers in one Connect group:
     * group id and internal topics (one broker). Pass them to the cluster builder and to {@link #joining}.
     */
    static Map<String, String> groupProps(String clusterName) {
        Map<String, String> group = new HashMap<>();
        group.put("group.id", "connect-" + clusterName);
        group.put("config.storage.topic", clusterName + "-configs");
        group.put("offset.storage.topic", clusterName + "-offsets");
        group.put("status.storage.topic", clusterName + "-status");
        group.put("config.storage.replication.factor", "1");
        group.put("offset.storage.replication.factor", "1");
        group.put("status.storage.replication.factor", "1");
        return group;
    }

    /**
     * A worker (not started) of the group {@code group} (from {@link #groupProps}) on {@code bootstrapServers}, with
     * the embedded workers' converters and timings, plus {@code extra} settings.
     */
    static ExternalWorker joining(Map<String, String> group, String bootstrapServers, Map<String, String> extra,
                                  Path directory) {
        Map<String, String> workerProps = new HashMap<>(group);
        workerProps.put("bootstrap.servers", bootstrapServers);
        workerProps.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        workerProps.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        workerProps.put("plugin.discovery", "service_load");
        workerProps.put("offset.flush.interval.ms", "500");
        workerProps.put("scheduled.rebalance.max.delay.ms", "5000");
        workerProps.putAll(extra);
        return new ExternalWorker(workerProps, directory);
    }

    ExternalWorker(Map<String, String> workerProps, Path directory) {
        port = FreePort.pick();
        Properties props = new Properties();
        props.putAll(workerProps);
        props.put("listeners", "http://localhost:" + port);
        propertiesFile = directory.resolve("worker-" + port + ".properties");
        log = directory.resolve("worker-" + port + ".log");
        try (Writer out = Files.newBufferedWriter(propertiesFile, StandardCharsets.UTF_8)) {
            props.store(out, "external worker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The worker id Connect reports in task statuses. */
    String workerId() {
        return "localhost:" + port;
    }

    /** Starts the worker (the test JVM's classpath) and returns once its REST API answers. */
    void start() {
        process = JavaProcess.start("external Connect worker", List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"),
                System.getProperty("java.class.path"), ConnectDistributed.class.getName(),
                List.of(propertiesFile.toString()), Map.of(), log);
        await("external worker REST on port " + port).atMost(ReliabilityRig.LONG_WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(this::answers);
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        process.kill();
    }

    private boolean answers() {
        process.checkAlive();
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

    @Override
    public void close() {
        if (process != null) {
            process.kill();
        }
    }
}
