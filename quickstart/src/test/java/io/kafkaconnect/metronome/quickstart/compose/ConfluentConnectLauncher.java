package io.kafkaconnect.metronome.quickstart.compose;

import io.kafkaconnect.metronome.processes.JavaProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Confluent's Connect image: worker properties from the CONNECT_* environment (its configure script's checks and
 * naming rule), then {@code ConnectDistributed} on the jars of the tag's Connect line, with the service's whole
 * environment (the connectors' {@code ${env:...}} values read it). Translations: listeners bind the service's
 * address; plugin.path entries go through the service's bind mounts, except the image's own
 * {@code /usr/share/java}, whose Confluent AvroConverter is stood in for by Apicurio's (see
 * {@link ConfluentAvroSubstitution}); other entries that nothing is mounted at are empty in the image and dropped.
 */
final class ConfluentConnectLauncher implements ServiceLauncher {

    /** Where the image keeps its bundled plugins, Confluent's Avro converter among them. */
    static final String IMAGE_PLUGINS = "/usr/share/java";

    @Override
    public RunningService launch(ServiceContext context) {
        ComposeService service = context.service();
        String classpath = context.resources().lines().workerClasspath(service.image());
        Map<String, String> properties = new TreeMap<>(ImageEnvironment.confluentConnectWorkerProperties(service.environment()));
        String listeners = properties.getOrDefault("listeners", "http://:" + properties.get("rest.port"));
        properties.put("listeners", Listeners.mapHosts(listeners, host -> context.network().bindAddress(service.name(), host)));
        properties.put("plugin.path", pluginPath(context, properties.getOrDefault("plugin.path", "")));
        if (ConfluentAvroSubstitution.appliesTo(properties)) {
            properties = new TreeMap<>(ConfluentAvroSubstitution.apply(properties));
        }
        Path workerProperties = PropertiesFile.write(properties, context.workDir().resolve("worker.properties"));
        JavaProcess worker = JavaProcess.start(service.name(), context.jvmOptions("512m"), classpath,
                "org.apache.kafka.connect.cli.ConnectDistributed", List.of(workerProperties.toString()),
                service.environment(), context.log("worker.log"));
        return new RunningService(service.name(), worker);
    }

    private static String pluginPath(ServiceContext context, String containerPath) {
        List<String> entries = new ArrayList<>();
        for (String entry : containerPath.split(",")) {
            String trimmed = entry.trim().replaceAll("/+$", "");
            Optional<Path> mounted = context.service().hostPath(trimmed);
            if (mounted.isPresent()) {
                entries.add(mounted.get().toString());
            } else if (trimmed.equals(IMAGE_PLUGINS)) {
                entries.add(context.resources().converterPlugins().toString());
            }
        }
        return String.join(",", entries);
    }
}
