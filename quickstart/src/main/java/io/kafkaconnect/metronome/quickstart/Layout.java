package io.kafkaconnect.metronome.quickstart;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the build put what the quickstart runs: {@code quickstart/target/lib} (Kafka, Connect, Apicurio's
 * converter, logging), {@code quickstart/target/plugin} (the unpacked plugin zip), {@code quickstart/target/apicurio}
 * (the registry), and the repository's {@code config/}.
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
