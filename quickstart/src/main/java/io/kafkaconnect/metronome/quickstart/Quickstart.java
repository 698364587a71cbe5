package io.kafkaconnect.metronome.quickstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.quickstart.demo.DemoCommands;
import io.kafkaconnect.metronome.quickstart.demo.DemoUsage;
import io.kafkaconnect.metronome.quickstart.demo.EmulatorInvoices;
import io.kafkaconnect.metronome.quickstart.demo.EmulatorSeeder;
import io.kafkaconnect.metronome.processes.ApicurioRegistry;
import io.kafkaconnect.metronome.quickstart.process.ConnectWorker;
import io.kafkaconnect.metronome.quickstart.process.Deadline;
import io.kafkaconnect.metronome.quickstart.process.KafkaBroker;
import io.kafkaconnect.metronome.quickstart.process.WarehouseReader;
import io.kafkaconnect.metronome.quickstart.process.WorkerSetup;
import io.kafkaconnect.metronome.quickstart.records.CompatSchemaRegistry;
import io.kafkaconnect.metronome.quickstart.records.ConfluentAvroCodec;
import io.kafkaconnect.metronome.quickstart.records.RecordLine;
import io.kafkaconnect.metronome.quickstart.records.TopicTail;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;

/**
 * {@code ./quickstart.sh}: a KRaft broker, Apicurio Registry (Confluent-compatible API) and one distributed Connect
 * worker as child processes, the emulator seeded with demo data (or the Metronome named by METRONOME_API_URL and
 * METRONOME_API_TOKEN), the three connectors created from config/*.json through the REST API (the source also
 * copying invoices, see {@link InvoicesDemo}), demo usage events and demo commands published, and every customer,
 * cost, billable-metric, invoice and result record printed as it arrives until Ctrl-C.
 */
public final class Quickstart {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String MARKER = ".metronome-quickstart";
    private static final String EMULATOR_TOKEN = "quickstart-token";
    /** Rescan Metronome every 15 s instead of every minute, so changes made by the demo commands show up soon. */
    private static final String DEMO_POLL_INTERVAL_MS = "15000";
    /** --warehouse: the Iceberg sink commits every 5 s instead of every minute, so the table shows up soon. */
    private static final String DEMO_COMMIT_INTERVAL_MS = "5000";

    private final QuickstartOptions options;
    private final Layout layout;
    private final PrintStream out = System.out;
    private final boolean terminal = System.console() != null;
    private final long startNanos = System.nanoTime();
    /** What shutdown() stops, in reverse order; filled by the main thread and the start threads. */
    private final List<AutoCloseable> toClose = Collections.synchronizedList(new ArrayList<>());
    /** Processes still starting: shutdown() waits for them so that none is left running. */
    private final List<CompletableFuture<?>> starting = new CopyOnWriteArrayList<>();
    private final List<String> deployed = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile ConnectWorker worker;
    private volatile QuickstartProgress progress;
    private volatile InvoiceTotals invoiceTotals;

    Quickstart(QuickstartOptions options, Layout layout) {
        this.options = options;
        this.layout = layout;
    }

    public static void main(String[] args) {
        QuickstartOptions options;
        try {
            options = QuickstartOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(QuickstartOptions.USAGE);
            System.exit(2);
            return;
        }
        // Before any Kafka client initialises logging: the launcher's own log goes to the work dir.
        System.setProperty("quickstart.log", options.workDir().resolve("launcher.log").toString());
        Quickstart quickstart = new Quickstart(options, Layout.detect());
        Runtime.getRuntime().addShutdownHook(new Thread(quickstart::shutdown, "quickstart-shutdown"));
        int exitCode;
        try {
            exitCode = quickstart.run();
        } catch (Exception e) {
            if (quickstart.isStopped()) {
                return; // Ctrl-C: the shutdown hook stopped everything under our feet
            }
            System.err.println();
            System.err.println("Quickstart failed: " + e.getMessage());
            exitCode = 1;
        }
        quickstart.shutdown();
        System.exit(exitCode);
    }

    /** Returns the exit code: 0 when complete (or stopped by Ctrl-C), 1 on timeout. */
    int run() throws Exception {
        Path log4j = prepare();
        QuickstartConnectors connectors = QuickstartConnectors.read(layout.configDir(), options.warehouse());
        step("Starting Kafka (KRaft) and Apicurio Registry");
        CompletableFuture<KafkaBroker> brokerStart = startAsync(() -> startBroker(log4j));
        CompletableFuture<ApicurioRegistry> registryStart = startAsync(this::startRegistry);
        MetronomeApi metronome = metronome();
        KafkaBroker broker = join(brokerStart);
        step("Kafka at " + broker.bootstrapServers());
        broker.createTopics(connectors.topics());
        // The worker needs only Kafka; the registry keeps starting meanwhile (the connectors name their converters).
        worker = startWorker(log4j, broker, metronome, connectors.warehouse());
        ApicurioRegistry registry = join(registryStart);
        step("Schema registry at " + registry.ccompatUrl());

        boolean publish = !metronome.remote() || options.publishCommands();
        String runId = Long.toString(System.currentTimeMillis(), 36);
        DemoCommands demo = new DemoCommands(runId);
        DemoUsage usage = new DemoUsage(runId, Instant.now());
        progress = new QuickstartProgress(startNanos, connectors.streams(), publish ? demo.commandIds() : List.of(),
                connectors.warehouse());
        if (!metronome.remote()) {
            Map<String, BigDecimal> byId = new LinkedHashMap<>();
            Map<String, String> aliases = new LinkedHashMap<>();
            usage.expectedCostsByAlias().forEach((alias, cost) -> {
                byId.put(metronome.customerIds().get(alias), cost);
                aliases.put(metronome.customerIds().get(alias), alias);
            });
            progress.expectUsageCosts(usage.day(), EmulatorSeeder.TOKENS_METRIC, byId, aliases);
        }
        invoiceTotals = new InvoiceTotals(metronome.remote() ? null : new EmulatorInvoices(metronome.url(),
                metronome.token()));
        CompatSchemaRegistry schemas = new CompatSchemaRegistry(registry.ccompatUrl());
        printRecords(broker, schemas, connectors.printedTopics());
        deployUsageSink(connectors, metronome, usage, broker);
        deployConnectors(connectors, registry, broker);
        if (publish) {
            demo.publish(broker.bootstrapServers(), schemas, connectors.commandsTopic());
            step("Published " + demo.commands().size() + " demo commands to " + connectors.commandsTopic()
                    + " (one is meant to be REJECTED: it names an alias nobody owns)");
        } else {
            step("Not publishing demo commands to a real Metronome (pass --publish-commands to do so)");
        }
        step(options.untilComplete() ? "Waiting for every stream, every command result and the demo usage's costs"
                + (connectors.warehouse() ? ", and the warehouse table to equal the costs topic" : "")
                + (metronome.remote() ? "" : ", and the invoices topic's totals to equal the emulator's")
                : "Printing records as they arrive; Ctrl-C to stop");
        return watch();
    }

    /** Checks the build, empties the work dir and writes the child processes' log configuration into it. */
    private Path prepare() throws IOException {
        layout.requireBuilt();
        if (options.warehouse()) {
            layout.requireWarehouseBuilt();
        }
        prepareWorkDir();
        Path log4j = options.workDir().resolve("log4j2-children.properties");
        try (InputStream in = Quickstart.class.getResourceAsStream("/quickstart-children-log4j2.properties")) {
            Files.copy(in, log4j);
        }
        return log4j;
    }

    /**
     * The Metronome the connectors call, whether it is a real one (not the emulator), and the emulator's demo
     * customers (ingest alias → id).
     */
    private record MetronomeApi(String url, String token, boolean remote, Map<String, String> customerIds) {
    }

    /** METRONOME_API_URL and METRONOME_API_TOKEN when both are set, else the emulator, seeded with demo data. */
    private MetronomeApi metronome() throws IOException, InterruptedException {
        String apiUrl = System.getenv("METRONOME_API_URL");
        String apiToken = System.getenv("METRONOME_API_TOKEN");
        if (apiUrl != null && !apiUrl.isBlank() && apiToken != null && !apiToken.isBlank()) {
            step("Using the Metronome API at " + apiUrl);
            return new MetronomeApi(apiUrl, apiToken, true, Map.of());
        }
        MetronomeEmulator emulator = new MetronomeEmulator(0, EMULATOR_TOKEN).start();
        toClose.add(emulator);
        Map<String, String> ids = new EmulatorSeeder(emulator.baseUrl(), EMULATOR_TOKEN).seed();
        step("Metronome emulator at " + emulator.baseUrl() + " seeded with " + ids.size()
                + " customers, 3 billable metrics, rates and 4 days of usage");
        return new MetronomeApi(emulator.baseUrl(), EMULATOR_TOKEN, false, ids);
    }

    private ConnectWorker startWorker(Path log4j, KafkaBroker broker, MetronomeApi metronome, boolean warehouse)
            throws InterruptedException {
        WorkerSetup setup = WorkerSetup.of(options.workDir().resolve("connect"), layout.childClasspath(), log4j,
                        broker.bootstrapServers(), layout.pluginPath())
                .withEnvironment(Map.of("METRONOME_API_URL", metronome.url(), "METRONOME_API_TOKEN", metronome.token()));
        if (warehouse) {
            setup = setup.withPluginDir(layout.icebergPlugins())
                    .withEnvironment(Map.of("ICEBERG_WAREHOUSE", warehouseDir().toUri().toString()));
        }
        step("Starting the Connect worker (plugin.path " + setup.pluginPathSetting() + ")");
        ConnectWorker started = ConnectWorker.start(setup, START_TIMEOUT);
        toClose.add(started);
        return started;
    }

    /** Prints every record of these topics (topic → stream) as it arrives, and counts it in the progress. */
    private void printRecords(KafkaBroker broker, CompatSchemaRegistry schemas, Map<String, String> streamByTopic) {
        List<String> topics = new ArrayList<>(streamByTopic.keySet());
        toClose.add(new TopicTail(broker.bootstrapServers(), topics, new ConfluentAvroCodec(schemas), new TopicTail.Listener() {
            @Override
            public void onRecord(String topic, Object key, Object value) {
                String stream = streamByTopic.get(topic);
                progress.onRecord(stream, value);
                if (InvoicesDemo.STREAM.equals(stream) && value instanceof GenericRecord invoice) {
                    invoiceTotals.onInvoice(invoice);
                }
                print(RecordLine.format(stream, key, value));
            }

            @Override
            public void onUndecodable(String topic, long offset, RuntimeException error) {
                print("undecodable record at " + topic + "@" + offset + ": " + error.getMessage());
            }
        }).start());
    }

    /**
     * Creates the usage sink and, with the emulator, publishes the demo usage events and waits until Metronome has
     * them (before the source starts, so that its first costs scan shows them): the costs they add then appear on
     * the costs topic. A real Metronome gets no demo usage (it would bill it).
     */
    private void deployUsageSink(QuickstartConnectors connectors, MetronomeApi metronome, DemoUsage usage,
                                 KafkaBroker broker) throws InterruptedException, IOException {
        deploy(connectors.usage());
        if (metronome.remote()) {
            step("Not publishing demo usage events to a real Metronome");
            return;
        }
        EmulatorSeeder emulator = new EmulatorSeeder(metronome.url(), metronome.token());
        JsonNode before = emulator.usage();
        usage.publish(broker.bootstrapServers(), connectors.usageTopic());
        StringBuilder tokens = new StringBuilder();
        usage.tokensByAlias().forEach((alias, amount) -> tokens.append(tokens.isEmpty() ? "" : ", ").append(alias)
                .append(' ').append(amount.toPlainString()));
        step("Published " + usage.records() + " demo usage events (" + EmulatorSeeder.TOKENS_EVENT_TYPE + ": "
                + tokens + ") to " + connectors.usageTopic() + "; one of them twice, with the same transaction_id");
        JsonNode after = Deadline.await("the usage sink to ingest the demo usage", START_TIMEOUT,
                worker.process()::checkAlive, () -> {
                    JsonNode now = emulator.usage();
                    return now.path("total").asLong() - before.path("total").asLong() >= usage.events()
                            && now.path("duplicates_ignored").asLong() > before.path("duplicates_ignored").asLong()
                            ? now : null;
                });
        step("Metronome ingested " + (after.path("total").asLong() - before.path("total").asLong())
                + " usage events and ignored " + (after.path("duplicates_ignored").asLong()
                - before.path("duplicates_ignored").asLong()) + " duplicate (GET /_emulator/usage); at "
                + EmulatorSeeder.TOKEN_PRICE.toPlainString() + " cents per token the costs topic will show "
                + usage.expectedCostsByAlias() + " as the " + EmulatorSeeder.TOKENS_METRIC + " line item of " + usage.day());
    }

    /** Creates the connectors with Apicurio's converter; with --warehouse also starts the table reader. */
    private void deployConnectors(QuickstartConnectors connectors, ApicurioRegistry registry, KafkaBroker broker)
            throws InterruptedException, IOException {
        deploy(connectors.source().withAvroConverter(registry::avroConverterSettings)
                .with(Map.of("poll.interval.ms", DEMO_POLL_INTERVAL_MS)));
        deploy(connectors.sink().withAvroConverter(registry::avroConverterSettings)
                .with(Map.of("results.bootstrap.servers", broker.bootstrapServers())));
        if (!connectors.warehouse()) {
            return;
        }
        deploy(connectors.iceberg().withAvroConverter(registry::avroConverterSettings)
                .with(Map.of("iceberg.control.commit.interval-ms", DEMO_COMMIT_INTERVAL_MS)));
        toClose.add(WarehouseReader.start(layout.warehouseTableClasspath(), warehouseDir().toUri().toString(),
                options.workDir().resolve("warehouse-table.log"), rows -> {
                    progress.onWarehouseTable(rows);
                    print(String.join(System.lineSeparator(), WarehouseReader.format(rows)));
                }));
        step("Iceberg tables under " + warehouseDir() + " (committed every " + Long.parseLong(DEMO_COMMIT_INTERVAL_MS) / 1000
                + " s); the cost per customer per day is printed after each commit");
    }

    private Path warehouseDir() {
        return options.workDir().resolve("warehouse");
    }

    /** Runs a start in the background; shutdown() waits for it, so that nothing it starts is left running. */
    private <T> CompletableFuture<T> startAsync(Supplier<T> start) {
        CompletableFuture<T> future = CompletableFuture.supplyAsync(start);
        starting.add(future);
        return future;
    }

    private KafkaBroker startBroker(Path log4j) {
        try {
            KafkaBroker broker = KafkaBroker.start(options.workDir().resolve("kafka"), layout.childClasspath(), log4j,
                    START_TIMEOUT);
            toClose.add(broker);
            return broker;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting Kafka", e);
        }
    }

    private ApicurioRegistry startRegistry() {
        try {
            ApicurioRegistry registry = ApicurioRegistry.launch(layout.apicurioDistribution(),
                    options.workDir().resolve("registry").resolve("registry.log"));
            toClose.add(registry);
            Deadline.await("Apicurio Registry at " + registry.ccompatUrl(), START_TIMEOUT, () -> { },
                    () -> registry.answers() ? Boolean.TRUE : null);
            return registry;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the schema registry", e);
        }
    }

    private void deploy(ConnectorConfig connector) throws InterruptedException {
        // The worker may still be joining its group: creation answers 409 until it has.
        Deadline.await("creating " + connector.name(), START_TIMEOUT, worker.process()::checkAlive, () -> {
            worker.rest().putConnector(connector.name(), connector.config());
            return Boolean.TRUE;
        });
        deployed.add(connector.name());
        Deadline.await(connector.name() + " to run", START_TIMEOUT, worker.process()::checkAlive,
                () -> worker.rest().isRunning(connector.name()) ? Boolean.TRUE : null);
        step("Connector " + connector.name() + " RUNNING (" + connector.get("connector.class") + ")");
    }

    private int watch() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        long lastLine = 0;
        while (!isStopped()) {
            worker.process().checkAlive();
            // the emulator's invoices are read only once the rest is complete: after every command result
            boolean complete = progress.complete() && invoiceTotals.complete();
            if (options.untilComplete() && (complete || System.nanoTime() > deadline)) {
                writeSummary(complete);
                print((complete ? "Complete: " : "Timed out: ") + progress.line());
                return complete ? 0 : 1;
            }
            if (terminal) {
                synchronized (out) {
                    out.print("\r\033[K" + progress.line());
                    out.flush();
                }
            } else if (System.nanoTime() - lastLine > TimeUnit.SECONDS.toNanos(5)) {
                print(progress.line());
                lastLine = System.nanoTime();
            }
            Thread.sleep(500);
        }
        return 0; // Ctrl-C: the shutdown hook is stopping everything
    }

    private void writeSummary(boolean complete) throws IOException {
        Files.createDirectories(options.summary().toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(options.summary().toFile(), summary(complete));
    }

    private Map<String, Object> summary(boolean complete) {
        Map<String, Object> summary = progress.summary(complete);
        summary.put("invoices", invoiceTotals.summary());
        return summary;
    }

    boolean isStopped() {
        return stopped.get();
    }

    /** Stops the connectors (their offsets stay), then the worker, registry, broker and emulator. Idempotent. */
    void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        for (CompletableFuture<?> start : starting) {
            try {
                start.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                // it failed to start, or never will: nothing to stop
            }
        }
        if (progress != null && !options.untilComplete()) {
            try {
                writeSummary(progress.complete() && invoiceTotals.matches());
            } catch (IOException e) {
                System.err.println("Cannot write " + options.summary() + ": " + e.getMessage());
            }
        }
        print("Shutting down");
        for (String name : deployed) {
            try {
                worker.rest().stop(name);
            } catch (IOException | RuntimeException e) {
                System.err.println("Cannot stop " + name + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<AutoCloseable> reversed = new ArrayList<>(toClose);
        Collections.reverse(reversed);
        for (AutoCloseable closeable : reversed) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("Cannot stop " + closeable + ": " + e.getMessage());
            }
        }
        print("Stopped; logs are in " + options.workDir());
    }

    /** Empties the work dir, but only one the quickstart made (it holds the marker file) or an empty one. */
    private void prepareWorkDir() throws IOException {
        Path dir = options.workDir();
        if (Files.isDirectory(dir)) {
            boolean empty;
            try (Stream<Path> entries = Files.list(dir)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                throw new IllegalStateException(dir + " is not empty and was not made by the quickstart; "
                        + "choose another --work-dir");
            }
            try (Stream<Path> tree = Files.walk(dir)) {
                for (Path path : tree.sorted(Comparator.reverseOrder()).filter(path -> !path.equals(dir)).toList()) {
                    if (!path.getFileName().toString().equals("launcher.log")) {
                        Files.deleteIfExists(path);
                    }
                }
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "Work dir of ./quickstart.sh; wiped at every start.\n");
    }

    private void step(String message) {
        print(String.format("[%5.1f s] %s", (System.nanoTime() - startNanos) / 1e9, message));
    }

    private void print(String line) {
        synchronized (out) {
            out.println(terminal ? "\r\033[K" + line : line);
            out.flush();
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
