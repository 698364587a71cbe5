package io.kafkaconnect.metronome.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Usage sink: events/s of one task at a fixed latency per request, against the API bound (events per request ×
 * requests in flight / latency) and against one event per request at the same in-flight, for a few in-flight
 * values; every repetition checks that the emulator holds each event sent exactly once.
 */
final class UsageThroughput {

    static final String SECTION = "usage";
    private static final int BATCH = 100;
    private static final int CUSTOMERS = 1000;
    private static final int WARM_UP_RUNS = 2;

    private final EmulatorProcess emulator;
    private final long latencyMs;
    private final List<Integer> inFlights;
    private final int events;
    private final int baselineEvents;

    UsageThroughput(EmulatorProcess emulator, long latencyMs, List<Integer> inFlights, int events, int baselineEvents) {
        this.emulator = emulator;
        this.latencyMs = latencyMs;
        this.inFlights = inFlights;
        this.events = events;
        this.baselineEvents = baselineEvents;
    }

    /** The figures of one in-flight value. */
    private record Figures(Figure rate, Figure requests, Figure bound, Figure share, Figure taskCpu,
                           Figure emulatorCpu, Figure cores, Figure baselineRate, Figure baselineRequests,
                           Figure ratio) {
    }

    /** A run's outcome with the CPU time the bench JVM (the task) and the emulator process used meanwhile. */
    private record Measured(UsageEventRun.Outcome outcome, double taskCpuSeconds, double emulatorCpuSeconds) {
        double eventsPerSecond() {
            return outcome.eventsPerSecond();
        }

        int events() {
            return outcome.events();
        }

        double coresBusy() {
            return (taskCpuSeconds + emulatorCpuSeconds) / outcome.seconds();
        }
    }

    void run(ResultTable table, int runs) throws InterruptedException {
        String workload = "one task, values JSON text (StringConverter) pre-built before the clock starts, put() "
                + "batches of 500, " + CUSTOMERS + " customers by ingest alias, " + latencyMs + " ms added to every "
                + "request; clock from the first put() to preCommit() offering the offset after the last record; "
                + "after " + WARM_UP_RUNS + " unmeasured warm-up runs";
        Map<Integer, Figures> figures = new LinkedHashMap<>();
        for (int inFlight : inFlights) {
            String at = "in-flight " + inFlight;
            boolean first = figures.isEmpty();
            figures.put(inFlight, new Figures(
                    table.figure(SECTION, "events/s, " + BATCH + " per request, " + at, "events/s",
                            first ? workload + "; " + events + " events per run" : null),
                    table.figure(SECTION, "requests per event, " + at, "requests", first
                            ? "Metronome requests the emulator counted during the run ÷ events" : null),
                    table.figure(SECTION, "API bound, " + at, "events/s", first ? "per repetition: in-flight ÷ "
                            + "(requests per event × " + latencyMs + " ms), the most that many requests in flight "
                            + "at that latency allow (" + BATCH + " × in-flight / latency at full batches)" : null),
                    table.figure(SECTION, "share of the bound, " + at, "%", null),
                    table.figure(SECTION, "task CPU per event, " + at, "µs", first ? "CPU time of the bench JVM "
                            + "(the task; the records are built before) during the batched run ÷ events" : null),
                    table.figure(SECTION, "emulator CPU per event, " + at, "µs", first ? "CPU time of the "
                            + "emulator process during the batched run ÷ events" : null),
                    table.figure(SECTION, "cores busy (task + emulator), " + at, "cores", first ? "both CPU "
                            + "times ÷ the batched run's time, of " + Runtime.getRuntime().availableProcessors()
                            + " cores shared with whatever else runs" : null),
                    table.figure(SECTION, "events/s, 1 per request (baseline), " + at, "events/s", first
                            ? "usage.batch.max.events=1, same in-flight, same run; " + baselineEvents
                            + " events per run" : null),
                    table.figure(SECTION, "requests per event, baseline, " + at, "requests", null),
                    table.figure(SECTION, "ratio batched / baseline, " + at, "×", first
                            ? "per repetition: batched events/s ÷ baseline events/s" : null)));
        }
        Figure exactlyOnce = table.figure(SECTION, "events held by the emulator − events sent (every run)", "events",
                "GET /_emulator/usage total after each run (batched and baseline) minus the events sent; a run whose "
                        + "total differs, or that had duplicates or unmatched events, stops the bench");
        Figure duplicates = table.figure(SECTION, "duplicates ignored by the emulator (every run)", "events", null);

        int warmUpInFlight = inFlights.get(inFlights.size() - 1);
        for (int warmUp = 0; warmUp < WARM_UP_RUNS; warmUp++) {
            Measured outcome = measured("w" + warmUp + "-", events, BATCH, warmUpInFlight, null, null);
            Progress.log("usage warm-up %d: in-flight %d %.0f events/s (not counted)", warmUp + 1, warmUpInFlight,
                    outcome.eventsPerSecond());
        }
        for (int run = 0; run < runs; run++) {
            for (int inFlight : inFlights) {
                Figures f = figures.get(inFlight);
                Measured batched = measured("r" + run + "i" + inFlight + "-", events, BATCH, inFlight,
                        exactlyOnce, duplicates);
                double requests = (double) emulator.totalRequests() / batched.events();
                Measured one = measured("s" + run + "i" + inFlight + "-", baselineEvents, 1, inFlight,
                        exactlyOnce, duplicates);
                double oneRequests = (double) emulator.totalRequests() / one.events();
                double bound = inFlight / (requests * latencyMs / 1000.0);
                f.rate().add(batched.eventsPerSecond());
                f.requests().add(requests);
                f.bound().add(bound);
                f.share().add(100 * batched.eventsPerSecond() / bound);
                f.taskCpu().add(1e6 * batched.taskCpuSeconds() / batched.events());
                f.emulatorCpu().add(1e6 * batched.emulatorCpuSeconds() / batched.events());
                f.cores().add(batched.coresBusy());
                f.baselineRate().add(one.eventsPerSecond());
                f.baselineRequests().add(oneRequests);
                f.ratio().add(batched.eventsPerSecond() / one.eventsPerSecond());
                Progress.log("usage %d, in-flight %d: %.0f events/s (%.4f requests/event, %.0f %% of %.0f/s, "
                                + "%d pauses, %.2f cores busy); baseline %.0f events/s; ratio %.1f", run + 1, inFlight,
                        batched.eventsPerSecond(), requests, 100 * batched.eventsPerSecond() / bound, bound,
                        batched.outcome().pauses(), batched.coresBusy(), one.eventsPerSecond(),
                        batched.eventsPerSecond() / one.eventsPerSecond());
            }
        }
    }

    /** A clean emulator: no usage, no request counts, the customers the events name, the latency. */
    private void emulatorReady() {
        emulator.reset();
        emulator.latency(latencyMs);
        emulator.seedCustomers(CUSTOMERS, "Usage customer ", UsageEventRun.ALIAS_PREFIX);
        emulator.resetRequestCounts();
    }

    /** One run on a clean emulator; checks the emulator holds every event sent exactly once. */
    private Measured measured(String prefix, int count, int batch, int inFlight, Figure exactlyOnce,
                                           Figure duplicates) throws InterruptedException {
        emulatorReady();
        List<SinkRecord> records = UsageEventRun.records(prefix, count, CUSTOMERS);
        System.gc(); // the garbage of building the records is not the task's
        long taskCpu = taskCpuNanos();
        long emulatorCpu = emulator.cpuNanos();
        UsageEventRun.Outcome outcome = UsageEventRun.send(emulator.baseUrl(), records, batch, inFlight);
        double taskCpuSeconds = (taskCpuNanos() - taskCpu) / 1e9;
        double emulatorCpuSeconds = (emulator.cpuNanos() - emulatorCpu) / 1e9;
        EmulatorProcess.Usage usage = emulator.usage();
        if (usage.total() != count || usage.duplicatesIgnored() != 0 || usage.unmatched() != 0) {
            throw new IllegalStateException("usage run " + prefix + ": sent " + count + " events, the emulator holds "
                    + usage + "; expected each exactly once, none unmatched");
        }
        if (exactlyOnce != null) {
            exactlyOnce.add(usage.total() - count);
            duplicates.add(usage.duplicatesIgnored());
        }
        return new Measured(outcome, taskCpuSeconds, emulatorCpuSeconds);
    }

    private static long taskCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
