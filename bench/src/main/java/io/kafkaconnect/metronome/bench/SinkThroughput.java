package io.kafkaconnect.metronome.bench;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * Sink: commands per second and command latency with one command in flight (how a generic HTTP sink works:
 * one request at a time per task) and with the default {@code commands.max.in.flight}, in the same run.
 */
final class SinkThroughput {

    static final String SECTION = "sink";
    static final int DEFAULT_IN_FLIGHT = 64;
    private static final int COMMANDS_PER_CUSTOMER = 5;
    private static final int WARM_UP_RUNS = 2;

    private final EmulatorProcess emulator;
    private final long latencyMs;
    private final int baselineCustomers;
    private final int defaultCustomers;
    private final int pacedCommands;

    SinkThroughput(EmulatorProcess emulator, long latencyMs, int baselineCustomers, int defaultCustomers,
                   int pacedCommands) {
        this.emulator = emulator;
        this.latencyMs = latencyMs;
        this.baselineCustomers = baselineCustomers;
        this.defaultCustomers = defaultCustomers;
        this.pacedCommands = pacedCommands;
    }

    void run(ResultTable table, int runs) throws InterruptedException {
        String workload = "commands: per customer 1 CREATE then " + (COMMANDS_PER_CUSTOMER - 1) + " SET_NAME, "
                + "customers interleaved; " + latencyMs + " ms added to every request; one task; results written "
                + "to a real broker; after " + WARM_UP_RUNS + " unmeasured warm-up runs of the in-flight "
                + DEFAULT_IN_FLIGHT + " backlog";
        Figure baselineRate = table.figure(SECTION, "commands/s, in-flight 1 (generic HTTP sink)", "commands/s",
                workload + "; backlog of " + baselineCustomers * COMMANDS_PER_CUSTOMER + " commands");
        Figure baselineRequests = table.figure(SECTION, "requests per command, in-flight 1", "requests",
                "Metronome requests the emulator counted during the run ÷ commands");
        Figure defaultRate = table.figure(SECTION, "commands/s, in-flight " + DEFAULT_IN_FLIGHT + " (default)",
                "commands/s", workload + "; backlog of " + defaultCustomers * COMMANDS_PER_CUSTOMER + " commands");
        Figure defaultRequests = table.figure(SECTION, "requests per command, in-flight " + DEFAULT_IN_FLIGHT,
                "requests", null);
        Figure defaultShare = table.figure(SECTION, "share of the bound, in-flight " + DEFAULT_IN_FLIGHT, "%",
                "per repetition: commands/s ÷ (in-flight × 1 / (requests per command × " + latencyMs + " ms)), the "
                        + "most that many commands in flight at that cost per command allow");
        Figure rateRatio = table.figure(SECTION, "throughput ratio default / in-flight 1", "×",
                "per repetition: default ÷ in-flight 1");
        String paced = "latency = put() → result's processed_at, " + pacedCommands + " commands offered at half the "
                + "in-flight-1 throughput (so neither mode is saturated); put() is called again when the poll timeout the "
                + "task asks for ends, as a worker does";
        Figure baselineP50 = table.figure(SECTION, "p50 latency, in-flight 1", "ms", paced);
        Figure baselineP99 = table.figure(SECTION, "p99 latency, in-flight 1", "ms", null);
        Figure defaultP50 = table.figure(SECTION, "p50 latency, in-flight " + DEFAULT_IN_FLIGHT, "ms", null);
        Figure defaultP99 = table.figure(SECTION, "p99 latency, in-flight " + DEFAULT_IN_FLIGHT, "ms", null);
        Figure backlogP50 = table.figure(SECTION, "p50 latency in the backlog, in-flight 1", "ms",
                "same definition, during the throughput runs: waiting behind the backlog included");
        Figure backlogDefaultP50 = table.figure(SECTION, "p50 latency in the backlog, in-flight " + DEFAULT_IN_FLIGHT,
                "ms", null);

        emulator.reset();
        emulator.latency(latencyMs);
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        try {
            kafka.createTopic(SinkCommandRun.RESULTS_TOPIC, 1);
            String brokers = kafka.bootstrapServers();
            // Unmeasured, so that repetitions measure the steady state: after a single warm-up run the first
            // repetition still ran 8 to 10 points below the others, with the JIT compiler still busy in it.
            for (int warmUp = 0; warmUp < WARM_UP_RUNS; warmUp++) {
                SinkCommandRun.Outcome outcome = SinkCommandRun.apply(emulator.baseUrl(), brokers, DEFAULT_IN_FLIGHT,
                        SinkCommandRun.commands("w" + warmUp + "-", defaultCustomers, COMMANDS_PER_CUSTOMER), 0);
                Progress.log("sink warm-up %d: in-flight %d %.0f/s (not counted)", warmUp + 1, DEFAULT_IN_FLIGHT,
                        outcome.commandsPerSecond());
            }
            for (int run = 0; run < runs; run++) {
                emulator.resetRequestCounts();
                SinkCommandRun.Outcome one = SinkCommandRun.apply(emulator.baseUrl(), brokers, 1,
                        SinkCommandRun.commands("b" + run + "-", baselineCustomers, COMMANDS_PER_CUSTOMER), 0);
                double oneRequests = (double) emulator.totalRequests() / one.commands();
                emulator.resetRequestCounts();
                SinkCommandRun.Outcome many = SinkCommandRun.apply(emulator.baseUrl(), brokers, DEFAULT_IN_FLIGHT,
                        SinkCommandRun.commands("d" + run + "-", defaultCustomers, COMMANDS_PER_CUSTOMER), 0);
                double manyRequests = (double) emulator.totalRequests() / many.commands();
                double bound = DEFAULT_IN_FLIGHT / (manyRequests * latencyMs / 1000.0);
                baselineRate.add(one.commandsPerSecond());
                baselineRequests.add(oneRequests);
                defaultRate.add(many.commandsPerSecond());
                defaultRequests.add(manyRequests);
                defaultShare.add(100 * many.commandsPerSecond() / bound);
                rateRatio.add(many.commandsPerSecond() / one.commandsPerSecond());
                backlogP50.add(one.percentile(0.50));
                backlogDefaultP50.add(many.percentile(0.50));
                Progress.log("sink backlog %d: in-flight 1 %.0f/s (%.2f requests/command), in-flight %d %.0f/s "
                        + "(%.2f requests/command, %.0f %% of %.0f/s)", run + 1, one.commandsPerSecond(), oneRequests,
                        DEFAULT_IN_FLIGHT, many.commandsPerSecond(), manyRequests,
                        100 * many.commandsPerSecond() / bound, bound);
            }
            double offered = baselineRate.median() / 2;
            int customers = pacedCommands / COMMANDS_PER_CUSTOMER;
            for (int run = 0; run < runs; run++) {
                List<String> commands = SinkCommandRun.commands("p" + run + "-", customers, COMMANDS_PER_CUSTOMER);
                SinkCommandRun.Outcome one = SinkCommandRun.apply(emulator.baseUrl(), brokers, 1, commands, offered);
                SinkCommandRun.Outcome many = SinkCommandRun.apply(emulator.baseUrl(), brokers, DEFAULT_IN_FLIGHT,
                        SinkCommandRun.commands("q" + run + "-", customers, COMMANDS_PER_CUSTOMER), offered);
                baselineP50.add(one.percentile(0.50));
                baselineP99.add(one.percentile(0.99));
                defaultP50.add(many.percentile(0.50));
                defaultP99.add(many.percentile(0.99));
                Progress.log("sink paced %d at %.1f/s: p50 %.0f / %.0f ms, p99 %.0f / %.0f ms", run + 1, offered,
                        one.percentile(0.5), many.percentile(0.5), one.percentile(0.99), many.percentile(0.99));
            }
        } finally {
            kafka.stop();
        }
    }
}
