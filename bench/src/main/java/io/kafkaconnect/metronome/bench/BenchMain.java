package io.kafkaconnect.metronome.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs every benchmark section against an emulator in its own JVM and prints one table: each figure's median and
 * spread over {@code --runs} repetitions (default 3; freshness: {@code --freshness.renames}), plus the machine it
 * ran on and the options used.
 *
 * <pre>java -jar bench/target/metronome-bench.jar [--runs=3] [--latency.ms=20] [--scan.customers=100000] ...</pre>
 * Options and their defaults are in {@link #DEFAULTS}.
 */
public final class BenchMain {

    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("runs", "3"),
            Map.entry("latency.ms", "20"),
            Map.entry("emulator.heap", "3g"),
            Map.entry("emulator.run.ms", "2000"),
            Map.entry("client.requests", "2000"),
            Map.entry("client.warmup", "1000"),
            Map.entry("sink.baseline.customers", "40"),
            Map.entry("sink.default.customers", "3000"),
            Map.entry("sink.paced.commands", "100"),
            Map.entry("usage.in.flight", "4,8,16"),
            Map.entry("usage.events", "200000"),
            Map.entry("usage.baseline.events", "1000"),
            Map.entry("scan.customers", "100000"),
            Map.entry("costs.customers", "10000"),
            Map.entry("costs.budget", "800"),
            Map.entry("costs.tasks", "24"),
            Map.entry("invoices.customers", "10000"),
            Map.entry("invoices.tasks", "24"),
            Map.entry("freshness.customers", "100000"),
            Map.entry("freshness.renames", "3"),
            Map.entry("memory.customers", "1000000"),
            Map.entry("memory.task.heap", "256m"),
            Map.entry("sections", "costs,invoices,scan,emulator,client,sink,usage,freshness,memory"));

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        useBenchLogging();
        // Kafka's test kit prints its storage formatting to stdout; keep stdout for the table alone
        PrintStream table = System.out;
        System.setOut(System.err);
        Map<String, String> options = new HashMap<>(DEFAULTS);
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (kv.length != 2 || !DEFAULTS.containsKey(kv[0])) {
                System.err.println("unknown option " + arg + "; options and defaults: " + DEFAULTS);
                System.exit(2);
            }
            options.put(kv[0], kv[1]);
        }
        int runs = Integer.parseInt(options.get("runs"));
        long latency = Long.parseLong(options.get("latency.ms"));
        String sections = options.get("sections");
        ResultTable results = new ResultTable();
        long start = System.nanoTime();
        try (EmulatorProcess emulator = new EmulatorProcess(options.get("emulator.heap"))) {
            Progress.log("emulator process %d at %s", emulator.pid(), emulator.baseUrl());
            if (sections.contains("costs")) {
                new CostsSync(emulator, integer(options, "costs.customers"), latency,
                        Double.parseDouble(options.get("costs.budget")), integer(options, "costs.tasks"))
                        .run(results, runs);
            }
            if (sections.contains("invoices")) {
                new InvoicesScan(emulator, integer(options, "invoices.customers"), latency,
                        integer(options, "invoices.tasks")).run(results, runs);
            }
            if (sections.contains("scan")) {
                new CustomersScan(emulator, integer(options, "scan.customers"), latency).run(results, runs);
            }
            if (sections.contains("emulator")) {
                new EmulatorThroughput(emulator, Long.parseLong(options.get("emulator.run.ms"))).run(results, runs);
            }
            if (sections.contains("client")) {
                new ClientOverhead(emulator, integer(options, "client.requests"), integer(options, "client.warmup"))
                        .run(results, runs);
                new ClientPacing(emulator).run(results, runs);
            }
            if (sections.contains("sink")) {
                new SinkThroughput(emulator, latency, integer(options, "sink.baseline.customers"),
                        integer(options, "sink.default.customers"), integer(options, "sink.paced.commands"))
                        .run(results, runs);
            }
            if (sections.contains("usage")) {
                new UsageThroughput(emulator, latency, Arrays.stream(options.get("usage.in.flight")
                        .split(",")).map(String::trim).map(Integer::valueOf).toList(), integer(options, "usage.events"),
                        integer(options, "usage.baseline.events")).run(results, runs);
            }
            if (sections.contains("freshness")) {
                new Freshness(emulator, integer(options, "freshness.customers"), latency,
                        integer(options, "freshness.renames")).run(results);
            }
            if (sections.contains("memory")) {
                new ScanMemory(emulator, integer(options, "memory.customers"), options.get("memory.task.heap"))
                        .run(results, runs);
            }
        }
        table.println(machine());
        table.printf(Locale.ROOT, "Total bench time: %.1f min; options: %s%n%n",
                (System.nanoTime() - start) / 60e9, new TreeMap<>(options));
        results.print(table);
        table.flush();
        System.exit(0); // embedded Kafka leaves non-daemon threads behind
    }

    /**
     * Kafka's test jars bring a log4j2.yaml that would win over a log4j2.xml; point log4j at ours, writing to
     * bench.log beside the jar. Runs before any logger exists.
     */
    static void useBenchLogging() {
        System.setProperty("log4j2.configurationFile", "log4j2-bench.xml");
        if (System.getProperty("bench.log") == null) {
            Path jar = Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0])
                    .toAbsolutePath();
            System.setProperty("bench.log", jar.resolveSibling("bench.log").toString());
        }
    }

    private static int integer(Map<String, String> options, String key) {
        return Integer.parseInt(options.get(key));
    }

    private static String machine() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return String.format(Locale.ROOT, "Machine: %d cores (%s %s), load average %.2f at the end; JVM %s %s, "
                        + "bench heap max %d MB", Runtime.getRuntime().availableProcessors(), os.getName(),
                os.getArch(), os.getSystemLoadAverage(), System.getProperty("java.vm.vendor"),
                System.getProperty("java.vm.version"), Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
}
