package io.kafkaconnect.metronome.quickstart.compose;

import io.kafkaconnect.metronome.processes.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * apache/kafka: server.properties from the KAFKA_* environment (the image's defaults and naming rule), the storage
 * formatted with CLUSTER_ID as the image's launch script does, then {@code kafka.Kafka}, all on the jars of the
 * tag's Kafka line. Translations: listeners bind the service's address; log directories inside the container live
 * below the service's work directory.
 */
final class ApacheKafkaLauncher implements ServiceLauncher {

    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public RunningService launch(ServiceContext context) throws InterruptedException {
        ComposeService service = context.service();
        String classpath = context.resources().lines().brokerClasspath(service.image());
        Map<String, String> environment = ImageEnvironment.apacheKafkaEnvironment(service.environment());
        Map<String, String> properties = new TreeMap<>(ImageEnvironment.apacheKafkaServerProperties(service.environment()));
        properties.computeIfPresent("listeners", (key, listeners) ->
                Listeners.mapHosts(listeners, host -> context.network().bindAddress(service.name(), host)));
        properties.computeIfPresent("log.dirs", (key, dirs) -> hostPaths(context, dirs));
        properties.computeIfPresent("metadata.log.dir", (key, dir) -> hostPaths(context, dir));
        Path serverProperties = PropertiesFile.write(properties, context.workDir().resolve("server.properties"));

        String clusterId = environment.get("CLUSTER_ID");
        if (properties.containsKey("process.roles")) {
            JavaProcess format = JavaProcess.start(service.name() + " storage format", context.jvmOptions("256m"), classpath,
                    "kafka.tools.StorageTool", List.of("format", "--cluster-id=" + clusterId, "-c", serverProperties.toString()),
                    environment, context.log("format.log"));
            int exit = format.waitFor(FORMAT_TIMEOUT);
            if (exit != 0) {
                throw new IllegalStateException(service.name() + ": kafka-storage.sh format --cluster-id=" + clusterId
                        + " failed (exit " + exit + "), as the image's launch script would; see " + format.log());
            }
        }
        JavaProcess broker = JavaProcess.start(service.name(), context.jvmOptions("512m"), classpath, "kafka.Kafka",
                List.of(serverProperties.toString()), environment, context.log("broker.log"));
        return new RunningService(service.name(), broker);
    }

    private static String hostPaths(ServiceContext context, String containerPaths) {
        return Arrays.stream(containerPaths.split(",")).map(String::trim)
                .map(path -> context.hostPath(path).toString()).collect(Collectors.joining(","));
    }
}
