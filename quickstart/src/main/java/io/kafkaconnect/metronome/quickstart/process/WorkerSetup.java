package io.kafkaconnect.metronome.quickstart.process;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a {@link ConnectWorker} is started with.
 *
 * @param dir              the worker's directory: its properties, log4j configuration and logs
 * @param classpath        the worker JVM's classpath (one Kafka line's jars)
 * @param log4jConfig      the Log4j 2 configuration of the worker JVM
 * @param bootstrapServers the Kafka cluster it joins
 * @param pluginPath       its {@code plugin.path} directories
 * @param settings         extra worker properties, applied last, e.g. a group and storage topics of its own
 * @param environment      the worker's environment, read by the connector configs' {@code ${env:...}} values
 */
public record WorkerSetup(Path dir, String classpath, Path log4jConfig, String bootstrapServers, List<Path> pluginPath,
                          Map<String, String> settings, Map<String, String> environment) {

    /** A worker loading plugins from {@code pluginDir} only, with no extra settings and an empty environment. */
    public static WorkerSetup of(Path dir, String classpath, Path log4jConfig, String bootstrapServers,
                                 Path pluginDir) {
        return new WorkerSetup(dir, classpath, log4jConfig, bootstrapServers, List.of(pluginDir), Map.of(), Map.of());
    }

    /** A copy that also loads plugins from {@code pluginDir}. */
    public WorkerSetup withPluginDir(Path pluginDir) {
        return new WorkerSetup(dir, classpath, log4jConfig, bootstrapServers,
                Stream.concat(pluginPath.stream(), Stream.of(pluginDir)).toList(), settings, environment);
    }

    /** A copy with these worker properties added. */
    public WorkerSetup withSettings(Map<String, String> more) {
        return new WorkerSetup(dir, classpath, log4jConfig, bootstrapServers, pluginPath, merged(settings, more),
                environment);
    }

    /** A copy with these environment variables added. */
    public WorkerSetup withEnvironment(Map<String, String> more) {
        return new WorkerSetup(dir, classpath, log4jConfig, bootstrapServers, pluginPath, settings,
                merged(environment, more));
    }

    /** The {@code plugin.path} value. */
    public String pluginPathSetting() {
        return pluginPath.stream().map(Path::toString).collect(Collectors.joining(","));
    }

    private static Map<String, String> merged(Map<String, String> base, Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(base);
        merged.putAll(more);
        return merged;
    }
}
