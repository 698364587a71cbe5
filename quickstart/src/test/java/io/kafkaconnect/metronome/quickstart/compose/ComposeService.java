package io.kafkaconnect.metronome.quickstart.compose;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service of a compose file, variables interpolated: what the emulation needs to run it as a process.
 *
 * @param dependsOn the services it waits for, with the condition (service_started, service_healthy)
 */
public record ComposeService(String name, ImageRef image, String hostname, Map<String, String> environment,
        List<String> command, List<PortMapping> ports, List<Mount> volumes, Map<String, String> dependsOn,
        Optional<Healthcheck> healthcheck) {

    public static final String SERVICE_HEALTHY = "service_healthy";

    /** {@code "9092:9092"}: the host's port and the container's. */
    public record PortMapping(int hostPort, int containerPort) {
    }

    /** A bind mount: a host path (absolute, resolved against the compose file's directory) at a container path. */
    public record Mount(Path hostPath, String containerPath) {
    }

    /** Where a container path lies on the host, if a bind mount covers it. */
    public Optional<Path> hostPath(String containerPath) {
        for (Mount mount : volumes) {
            String target = mount.containerPath();
            if (containerPath.equals(target)) {
                return Optional.of(mount.hostPath());
            }
            if (containerPath.startsWith(target.endsWith("/") ? target : target + "/")) {
                return Optional.of(mount.hostPath().resolve(containerPath.substring(target.length()).replaceFirst("^/", "")));
            }
        }
        return Optional.empty();
    }

    /** The container port published as {@code hostPort}, if any. */
    public Optional<Integer> containerPortPublishedAs(int hostPort) {
        return ports.stream().filter(port -> port.hostPort() == hostPort).map(PortMapping::containerPort).findFirst();
    }

    /** A variable of its environment; fails when it is not set. */
    public String variable(String name) {
        String value = environment.get(name);
        if (value == null) {
            throw new IllegalStateException("Service " + this.name + " sets no " + name + " in its environment");
        }
        return value;
    }
}
