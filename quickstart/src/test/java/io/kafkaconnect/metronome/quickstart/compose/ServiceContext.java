package io.kafkaconnect.metronome.quickstart.compose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a launcher knows about the service it starts: where it lives on the network and on disk. */
public record ServiceContext(ComposeService service, ComposeNetwork network, Path workDir, Path hostsFile,
        EmulationResources resources) {

    public String address() {
        return network.address(service.name());
    }

    /**
     * A path inside the container on the host: through a bind mount if one covers it, else below the service's
     * own {@code rootfs/} (the container's private filesystem).
     */
    public Path hostPath(String containerPath) {
        return service.hostPath(containerPath)
                .orElseGet(() -> workDir.resolve("rootfs").resolve(containerPath.replaceFirst("^/+", "")));
    }

    /** Options every child JVM of this service gets: its hosts file, a small heap, quick start, logging. */
    public List<String> jvmOptions(String heap) {
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djdk.net.hosts.file=" + hostsFile,
                "-Dlog4j2.configurationFile=" + resources.log4j2Config().toUri(),
                "-Dlog4j.configuration=" + resources.log4j1Config().toUri(),
                "-Dkafka.logs.dir=" + workDir.resolve("logs")));
        return options;
    }

    public Path log(String name) {
        return workDir.resolve(name);
    }
}
