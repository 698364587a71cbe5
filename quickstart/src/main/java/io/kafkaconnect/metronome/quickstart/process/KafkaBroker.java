package io.kafkaconnect.metronome.quickstart.process;

import io.kafkaconnect.metronome.processes.FreePort;
import io.kafkaconnect.metronome.processes.JavaProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/** A single-node KRaft broker (combined broker and controller) as a child process, on loopback ports. */
public final class KafkaBroker implements AutoCloseable {

    private final JavaProcess process;
    private final String bootstrapServers;

    private KafkaBroker(JavaProcess process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats a fresh log directory under {@code dir} and starts the broker; returns once it answers. */
    public static KafkaBroker start(Path dir, String classpath, Path log4jConfig, Duration timeout)
            throws InterruptedException {
        int port = FreePort.pick();
        int controllerPort = FreePort.pick();
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("log.dirs", dir.resolve("data").toString());
        props.setProperty("num.partitions", "1");
        props.setProperty("offsets.topic.replication.factor", "1");
        // One partition instead of 50: the group coordinator is ready sooner on a small machine.
        props.setProperty("offsets.topic.num.partitions", "1");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        Path serverProperties = dir.resolve("server.properties");
        write(props, serverProperties);

        List<String> log4j = List.of("-Dlog4j2.configurationFile=" + log4jConfig.toUri());
        format(serverProperties, dir.resolve("format.log"));
        JavaProcess process = JavaProcess.start("kafka broker",
                concat(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dkafka.logs.dir=" + dir.resolve("logs")), log4j),
                classpath, "kafka.Kafka", List.of(serverProperties.toString()), Map.of(), dir.resolve("broker.log"));
        KafkaBroker broker = new KafkaBroker(process, "127.0.0.1:" + port);
        return Deadline.awaitReady(broker, "the Kafka broker on port " + port, timeout, process::checkAlive, () -> {
            try (Admin admin = broker.admin()) {
                return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty() ? null : Boolean.TRUE;
            }
        });
    }

    /** {@code kafka-storage.sh format}, in this JVM: a separate one would cost seconds on a small machine. */
    private static void format(Path serverProperties, Path log) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
                    "-c", serverProperties.toString()}, out);
        }
        try {
            Files.write(log, output.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + log, e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting the Kafka storage failed; see " + log);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    /** Creates single-partition topics, ignoring those that exist. */
    public void createTopics(List<String> names) throws InterruptedException {
        try (Admin admin = admin()) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + name, e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("Timed out creating topic " + name, e);
                }
            }
        }
    }

    public JavaProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }

    static void write(Properties props, Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + file.getParent(), e);
        }
        try (Writer out = Files.newBufferedWriter(file)) {
            props.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
