package io.kafkaconnect.metronome.quickstart.compose;

import io.kafkaconnect.metronome.processes.ApicurioRegistry;
import java.net.URI;
import java.util.List;

/**
 * Confluent's Schema Registry image, stood in for by Apicurio Registry 2.6 (in-memory storage, so
 * SCHEMA_REGISTRY_KAFKASTORE_* is not used) on the first of SCHEMA_REGISTRY_LISTENERS' ports at the service's
 * address. Apicurio serves Confluent's API below {@code /apis/ccompat/v7} rather than at the root: requests to the
 * registry's root API (healthchecks, the host's schema lookups) are sent there.
 */
final class SchemaRegistryLauncher implements ServiceLauncher {

    @Override
    public RunningService launch(ServiceContext context) {
        ComposeService service = context.service();
        URI listener = URI.create(service.environment().getOrDefault("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .split(",")[0].trim());
        String host = context.network().bindAddress(service.name(), listener.getHost());
        ApicurioRegistry registry = ApicurioRegistry.launch(context.resources().apicurioDistribution(), host,
                listener.getPort(), List.of("-Djdk.net.hosts.file=" + context.hostsFile()), context.log("registry.log"));
        return new RunningService(service.name(), registry.process(), ApicurioRegistry.CCOMPAT_PATH);
    }
}
