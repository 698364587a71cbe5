package io.kafkaconnect.metronome.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Source: the first invoices scan of every customer (stream {@code invoices}) by several unthrottled tasks of one
 * connector, against the API bound: the requests the scan needs (each task's customer list pages + one invoices
 * request per customer) at the emulator's per-request latency with one request in flight per task, i.e.
 * requests × latency / tasks. Every customer has a closed month (FINALIZED, with its plan's minimum as an
 * adjustment) and the open month's draft, so each first visit writes one invoice and moves the watermark.
 */
final class InvoicesScan {

    static final String SECTION = "source: invoices scan";
    /** The emulator's clock while seeding (customers created in January) and while scanning (January closed). */
    private static final String CREATED_AT = "2025-01-15T12:00:00Z";
    private static final String SCANNED_AT = "2025-02-15T12:00:00Z";

    private final EmulatorProcess emulator;
    private final int customers;
    private final long latencyMs;
    private final int tasks;

    InvoicesScan(EmulatorProcess emulator, int customers, long latencyMs, int tasks) {
        this.emulator = emulator;
        this.customers = customers;
        this.latencyMs = latencyMs;
        this.tasks = tasks;
    }

    void run(ResultTable table, int runs) throws Exception {
        String n = String.format("%,d", customers);
        Figure elapsed = table.figure(SECTION, "invoices scan of " + n + " customers", "s", String.format(
                "%d tasks, metronome.requests.per.second=0, %d ms added by the emulator to every request; each "
                        + "customer: one FINALIZED invoice (a closed month with its plan's minimum) and the open "
                        + "month's DRAFT (invoices.include.drafts=false); from the tasks' first poll to the last "
                        + "customer's watermark (records built, not sent to Kafka)", tasks, latencyMs));
        Figure bound = table.figure(SECTION, "API bound: requests × " + latencyMs + " ms / " + tasks + " tasks", "s",
                "requests the scan made (list pages: each task lists all customers to find its shard; one invoices "
                        + "request per customer) at one request in flight per task");
        Figure share = table.figure(SECTION, "share of the API bound: bound / scan time", "fraction",
                "1.00 = the tasks wait on nothing but the API");
        Figure slowest = table.figure(SECTION, "slowest task's bound: (its list pages + its customers) × "
                + latencyMs + " ms", "s", "the shards are uneven (a hash of the customer id): the task with the most "
                + "customers bounds the scan; its share of that bound follows");
        Figure slowestShare = table.figure(SECTION, "share of the slowest task's bound", "fraction", null);
        Figure rate = table.figure(SECTION, "invoices per second", "invoices/s", null);
        emulator.reset();
        emulator.setClock(CREATED_AT);
        emulator.seedCustomers(customers, "customer ", "alias-");
        giveEveryCustomerAMinimum();
        emulator.setClock(SCANNED_AT); // finalizes January for every customer
        emulator.latency(latencyMs);
        try {
            for (int run = 0; run < runs; run++) {
                emulator.resetRequestCounts();
                AtomicLong watermarks = new AtomicLong();
                AtomicLong invoices = new AtomicLong();
                double seconds;
                long[] perTask;
                try (SourceTaskGroup group = new SourceTaskGroup(emulator, "bench-invoices-" + run, "invoices", 0,
                        tasks)) {
                    perTask = new long[group.size()];
                    seconds = group.pollWhile(() -> watermarks.get() < customers, (task, record) -> {
                        if (isWatermark(record)) {
                            watermarks.incrementAndGet();
                            perTask[task]++; // only this task's thread writes it
                        } else if (record.topic().endsWith(".invoices")) {
                            invoices.incrementAndGet();
                        }
                    });
                }
                Map<String, Long> counts = emulator.requestCounts();
                long requests = counts.values().stream().mapToLong(Long::longValue).sum();
                long pagesPerTask = counts.getOrDefault("GET /v1/customers", 0L) / tasks;
                long largestShard = Arrays.stream(perTask).max().orElse(0);
                double slowestBound = (pagesPerTask + largestShard) * latencyMs / 1000.0;
                double apiBound = requests * latencyMs / 1000.0 / tasks;
                elapsed.add(seconds);
                bound.add(apiBound);
                share.add(apiBound / seconds);
                slowest.add(slowestBound);
                slowestShare.add(slowestBound / seconds);
                rate.add(invoices.get() / seconds);
                Progress.log("invoices scan %d: %.1f s, %d requests, %d invoices, bound %.1f s, slowest task's %.1f s",
                        run + 1, seconds, requests, invoices.get(), apiBound, slowestBound);
            }
        } finally {
            emulator.reset(); // back to the real clock for the sections after this one
        }
    }

    /** A plan with no rates and a $1,000 monthly minimum: each month's invoice totals the minimum, as an adjustment. */
    private void giveEveryCustomerAMinimum() {
        List<String> ids = emulator.customerIds();
        Map<String, Object> plan = Map.of("rates", Map.of(), "plan_name", "Bench", "minimum", 100_000);
        ids.forEach(id -> emulator.setPlan(id, plan));
        Progress.log("invoices: %d customers with a minimum plan", ids.size());
    }

    /** The progress record that stores a customer's invoices watermark: one per customer on its first visit. */
    private static boolean isWatermark(SourceRecord record) {
        return CustomersScan.PROGRESS_TOPIC.equals(record.topic()) && record.value() instanceof String text
                && text.startsWith("watermark") && record.key() instanceof String key && key.startsWith("invoices/");
    }
}
