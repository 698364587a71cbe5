package io.kafkaconnect.metronome.quickstart;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the build put what the quickstart runs: {@code quickstart/target/lib} (Kafka, Connect, Apicurio's
 * converter, logging), {@code quickstart/target/plugin} (the unpacked plugin zip), {@code quickstart/target/apicurio}
 * (the registry), and the repository's {@code config/}; with --warehouse also {@code warehouse/target} (Apache
 * Iceberg's sink as a plugin directory and the table reader).
 */
public record Layout(Path repoDir, Path buildDir) {

    /** From the system properties quickstart.repo.dir / quickstart.build.dir, else from where this class was loaded. */
    public static Layout detect() {
        String build = System.getProperty("quickstart.build.dir");
        Path buildDir = build != null ? Path.of(build) : codeSourceBuildDir();
        String repo = System.getProperty("quickstart.repo.dir");
        Path repoDir = repo != null ? Path.of(repo) : buildDir.getParent().getParent();
        return new Layout(repoDir.toAbsolutePath().normalize(), buildDir.toAbsolutePath().normalize());
    }

    /** target/metronome-quickstart.jar or target/classes: either way the parent is target/. */
    private static Path codeSourceBuildDir() {
        try {
            return Path.of(Layout.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot tell where the quickstart was loaded from", e);
        }
    }

    /** The child JVMs' classpath, as a wildcard entry. */
    public String childClasspath() {
        return buildDir.resolve("lib") + "/*";
    }

    /** The worker's plugin.path: holds only the unpacked plugin zip. */
    public Path pluginPath() {
        return buildDir.resolve("plugin");
    }

    public Path apicurioDistribution() {
        return buildDir.resolve("apicurio");
    }

    public Path configDir() {
        return repoDir.resolve("config");
    }

    /** warehouse/target: Apache Iceberg's sink as a plugin directory and the table reader (--warehouse). */
    public Path warehouseBuildDir() {
        return repoDir.resolve("warehouse").resolve("target");
    }

    /** The worker's second plugin.path entry with --warehouse: holds iceberg-kafka-connect/. */
    public Path icebergPlugins() {
        return warehouseBuildDir().resolve("iceberg-plugins");
    }

    /**
     * The table reader's classpath: its jar, the Iceberg plugin directory (iceberg-core, -data, -parquet, Hadoop's
     * shaded client) and slf4j's API, which the plugin directory leaves to the worker.
     */
    public String warehouseTableClasspath() throws IOException {
        List<String> entries = new ArrayList<>();
        entries.add(warehouseBuildDir().resolve("metronome-warehouse.jar").toString());
        entries.add(icebergPlugins().resolve("iceberg-kafka-connect") + "/*");
        try (Stream<Path> lib = Files.list(buildDir.resolve("lib"))) {
            lib.filter(jar -> jar.getFileName().toString().startsWith("slf4j-api-")).map(Path::toString)
                    .forEach(entries::add);
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** Fails with the command that fixes it when warehouse/ has not been built. */
    public Layout requireWarehouseBuilt() {
        for (Path required : new Path[] {icebergPlugins().resolve("iceberg-kafka-connect"),
                warehouseBuildDir().resolve("metronome-warehouse.jar")}) {
            if (!Files.exists(required)) {
                throw new IllegalStateException(required + " is missing; build first: mvn -B -DskipTests package");
            }
        }
        return this;
    }

    /** Fails with the command that fixes it when the build has not laid everything out. */
    public Layout requireBuilt() {
        for (Path required : new Path[] {buildDir.resolve("lib"), pluginPath(), apicurioDistribution(), configDir()}) {
            if (!Files.isDirectory(required)) {
                throw new IllegalStateException(required + " is missing; build first: mvn -B -DskipTests package");
            }
        }
        return this;
    }
}
