package io.kafkaconnect.metronome.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM whose output goes to a log file. {@link #close()} stops it with SIGTERM, then forcibly; {@link #kill()}
 * is SIGKILL at once. A JVM that exits without closing it still takes it down (shutdown hook).
 */
public final class JavaProcess implements AutoCloseable {

    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread shutdownHook;

    private JavaProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.shutdownHook = new Thread(process::destroyForcibly, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code java <jvmOptions> -cp <classpath> <mainClass> <args>} with this JVM's {@code java}; with an empty
     * classpath, {@code args} must start with {@code -jar <file>}. Output is appended to {@code log}.
     */
    public static JavaProcess start(String name, List<String> jvmOptions, String classpath, String mainClass,
            List<String> args, Map<String, String> environment, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (!classpath.isEmpty()) {
            command.add("-cp");
            command.add(classpath);
        }
        if (mainClass != null) {
            command.add(mainClass);
        }
        command.addAll(args);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            return new JavaProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Fails with a pointer to the log when the process has died. */
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + log);
        }
    }

    /** Waits for a short-lived process (a command-line tool) to end; returns its exit code, fails at the timeout. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new IllegalStateException(name + " did not end within " + timeout + "; see " + log);
        }
        forgetShutdownHook();
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hooks, no clean leave. Returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
        forgetShutdownHook();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (!awaitExit(GRACEFUL_STOP)) {
                kill();
            }
        }
        forgetShutdownHook();
    }

    private void forgetShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmAlreadyShuttingDown) {
            // the hook runs anyway and only destroys a stopped process
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
