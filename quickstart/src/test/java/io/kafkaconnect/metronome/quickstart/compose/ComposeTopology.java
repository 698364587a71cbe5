package io.kafkaconnect.metronome.quickstart.compose;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code docker-compose up --wait} without Docker: every service started as a process once what it
 * {@code depends_on} is started or healthy (by the condition given), independent services at the same time, and
 * returned once every healthcheck passes. {@link #close()} stops them all, dependents first.
 */
public final class ComposeTopology implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);

    private final Map<String, RunningService> running;

    private ComposeTopology(Map<String, RunningService> running) {
        this.running = running;
    }

    /**
     * Starts {@code compose}'s services on {@code network}, each with a work directory (its logs, configuration
     * and hosts file) below {@code workDir}; fails with the first service that does not start or get healthy.
     */
    public static ComposeTopology up(ComposeFile compose, ComposeNetwork network, EmulationResources resources,
            Path workDir, Duration timeout) throws InterruptedException {
        Map<String, RunningService> running = Collections.synchronizedMap(new LinkedHashMap<>());
        Map<String, CompletableFuture<RunningService>> started = new LinkedHashMap<>();
        Map<String, CompletableFuture<RunningService>> healthy = new LinkedHashMap<>();
        ExecutorService starter = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "compose-up");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (ComposeService service : inDependencyOrder(compose.services())) {
                List<CompletableFuture<RunningService>> dependencies = new ArrayList<>();
                service.dependsOn().forEach((dependency, condition) -> dependencies.add(switch (condition) {
                    case ComposeService.SERVICE_HEALTHY -> healthy.get(dependency);
                    case "service_started" -> started.get(dependency);
                    default -> throw new IllegalArgumentException("Service " + service.name() + ": depends_on condition "
                            + condition + " is not emulated");
                }));
                ServiceContext context = new ServiceContext(service, network, workDir.resolve(service.name()),
                        network.writeHostsFile(service.name(), workDir.resolve(service.name()).resolve("hosts")), resources);
                CompletableFuture<RunningService> start = CompletableFuture
                        .allOf(dependencies.toArray(CompletableFuture[]::new))
                        .thenApplyAsync(ready -> launch(context, running), starter);
                started.put(service.name(), start);
                healthy.put(service.name(), start.thenApplyAsync(launched -> awaitHealthy(context, launched, network), starter));
            }
            CompletableFuture.allOf(healthy.values().toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ComposeTopology(running);
        } catch (ExecutionException | TimeoutException | RuntimeException | InterruptedException e) {
            // No launch may still be under way when the processes are stopped.
            starter.shutdownNow();
            starter.awaitTermination(60, TimeUnit.SECONDS);
            stopAll(running);
            Throwable cause = e instanceof ExecutionException || e instanceof CompletionException ? e.getCause() : e;
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException("docker-compose up (emulated) failed: " + cause.getMessage()
                    + "; logs in " + workDir, cause);
        } finally {
            starter.shutdownNow();
        }
    }

    public RunningService service(String name) {
        RunningService service = running.get(name);
        if (service == null) {
            throw new IllegalArgumentException("No running service " + name);
        }
        return service;
    }

    @Override
    public void close() {
        stopAll(running);
    }

    private static RunningService launch(ServiceContext context, Map<String, RunningService> running) {
        try {
            RunningService service = ServiceLauncher.forImage(context.service().image()).launch(context);
            running.put(context.service().name(), service);
            return service;
        } catch (Exception e) {
            throw new CompletionException(new IllegalStateException("Service " + context.service().name()
                    + " (" + context.service().image() + ") did not start: " + e.getMessage(), e));
        }
    }

    /** Waits as long as Compose would before calling the service unhealthy; fails at once if its process dies. */
    private static RunningService awaitHealthy(ServiceContext context, RunningService service, ComposeNetwork network) {
        context.service().healthcheck().ifPresent(check -> {
            HealthProbe probe = HealthcheckProbes.of(context.service(), check, network, service);
            await(service.name() + " healthy (" + String.join(" ", check.command()) + ")")
                    .atMost(check.patience()).pollInterval(POLL).ignoreExceptions()
                    .failFast(service.name() + " exited; see " + service.process().log(), () -> !service.process().isAlive())
                    .until(probe::passes);
        });
        return service;
    }

    /** Dependencies before dependents, otherwise file order; fails on cycles and unknown names. */
    static List<ComposeService> inDependencyOrder(List<ComposeService> services) {
        Map<String, ComposeService> byName = new LinkedHashMap<>();
        services.forEach(service -> byName.put(service.name(), service));
        List<ComposeService> ordered = new ArrayList<>();
        List<String> visiting = new ArrayList<>();
        for (ComposeService service : services) {
            visit(service, byName, ordered, visiting);
        }
        return ordered;
    }

    private static void visit(ComposeService service, Map<String, ComposeService> byName, List<ComposeService> ordered,
            List<String> visiting) {
        if (ordered.contains(service)) {
            return;
        }
        if (visiting.contains(service.name())) {
            throw new IllegalArgumentException("depends_on cycle through " + visiting);
        }
        visiting.add(service.name());
        for (String dependency : service.dependsOn().keySet()) {
            ComposeService needed = byName.get(dependency);
            if (needed == null) {
                throw new IllegalArgumentException("Service " + service.name() + " depends on unknown " + dependency);
            }
            visit(needed, byName, ordered, visiting);
        }
        visiting.remove(service.name());
        ordered.add(service);
    }

    private static void stopAll(Map<String, RunningService> running) {
        List<RunningService> services;
        synchronized (running) {
            services = new ArrayList<>(running.values());
        }
        Collections.reverse(services);
        services.forEach(RunningService::close);
    }
}
