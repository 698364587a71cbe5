package io.kafkaconnect.metronome.quickstart.process;

import io.kafkaconnect.metronome.processes.FreePort;
import io.kafkaconnect.metronome.processes.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * One Kafka Connect worker in distributed mode as a child process, loading plugins from {@code plugin.path} by
 * service loading (KIP-898) only, so a plugin without {@code META-INF/services} entries is not found.
 */
public final class ConnectWorker implements AutoCloseable {

    private final JavaProcess process;
    private final ConnectRestClient rest;

    private ConnectWorker(JavaProcess process, ConnectRestClient rest) {
        this.process = process;
        this.rest = rest;
    }

    /** Starts the worker and returns once its REST API lists plugins. */
    public static ConnectWorker start(WorkerSetup setup, Duration timeout) throws InterruptedException {
        int port = FreePort.pick();
        Path workerProperties = setup.dir().resolve("worker.properties");
        KafkaBroker.write(workerProperties(setup, port), workerProperties);
        Path log4j1Config = writeLog4j1Config(setup.dir());

        JavaProcess process = JavaProcess.start("connect worker",
                List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-Dlog4j2.configurationFile=" + setup.log4jConfig().toUri(),
                        "-Dlog4j.configuration=" + log4j1Config.toUri(),
                        "-Dkafka.logs.dir=" + setup.dir().resolve("logs"),
                        // The JMX platform server, for jconsole and the metrics IT.
                        "-Dcom.sun.management.jmxremote", "-Dcom.sun.management.jmxremote.local.only=true"),
                setup.classpath(), "org.apache.kafka.connect.cli.ConnectDistributed",
                List.of(workerProperties.toString()), setup.environment(), setup.dir().resolve("worker.log"));
        ConnectRestClient rest = new ConnectRestClient("http://127.0.0.1:" + port);
        return Deadline.awaitReady(new ConnectWorker(process, rest), "the Connect worker's REST API on port " + port,
                timeout, process::checkAlive, () -> rest.connectorPlugins().isEmpty() ? null : Boolean.TRUE);
    }

    /** A single-broker distributed worker on loopback, JSON converters by default, then the setup's settings. */
    private static Properties workerProperties(WorkerSetup setup, int port) {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", setup.bootstrapServers());
        props.setProperty("group.id", "metronome-connect");
        props.setProperty("listeners", "http://127.0.0.1:" + port);
        props.setProperty("rest.advertised.host.name", "127.0.0.1");
        props.setProperty("config.storage.topic", "connect-configs");
        props.setProperty("offset.storage.topic", "connect-offsets");
        props.setProperty("status.storage.topic", "connect-status");
        props.setProperty("config.storage.replication.factor", "1");
        props.setProperty("offset.storage.replication.factor", "1");
        props.setProperty("status.storage.replication.factor", "1");
        props.setProperty("offset.storage.partitions", "1");
        props.setProperty("status.storage.partitions", "1");
        props.setProperty("offset.flush.interval.ms", "1000");
        props.setProperty("plugin.path", setup.pluginPathSetting());
        props.setProperty("plugin.discovery", "service_load");
        props.setProperty("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.setProperty("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.setProperty("config.providers", "env");
        props.setProperty("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        setup.settings().forEach(props::setProperty);
        return props;
    }

    /**
     * Workers of the 3.x lines log through reload4j (log4j 1.x) and ignore the Log4j 2 configuration: the same
     * console output for them.
     */
    private static Path writeLog4j1Config(Path dir) {
        Properties log4j = new Properties();
        log4j.setProperty("log4j.rootLogger", "INFO, out");
        log4j.setProperty("log4j.appender.out", "org.apache.log4j.ConsoleAppender");
        log4j.setProperty("log4j.appender.out.layout", "org.apache.log4j.PatternLayout");
        log4j.setProperty("log4j.appender.out.layout.ConversionPattern", "[%d] %p %m (%c)%n");
        Path file = dir.resolve("log4j.properties");
        KafkaBroker.write(log4j, file);
        return file;
    }

    public ConnectRestClient rest() {
        return rest;
    }

    public JavaProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
