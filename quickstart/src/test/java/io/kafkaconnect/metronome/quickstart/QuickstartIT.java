package io.kafkaconnect.metronome.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.quickstart.demo.DemoUsage;
import io.kafkaconnect.metronome.quickstart.demo.EmulatorSeeder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code ./quickstart.sh --until-complete} as a user would (a separate process tree, the README's command)
 * and checks what it consumed: records of every source stream, a result for every demo command, the costs of the
 * demo usage events (published to the usage sink's topic) on the costs topic, exactly, and the demo customers'
 * invoices printed with the totals the emulator answers for them.
 */
class QuickstartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> RECORD_PREFIXES = List.of("customer ", "cost ", "metric ", "invoice ", "result ");
    /** A printed invoice: id, customer id, status, billing period, total, credit type. */
    private static final Pattern INVOICE_LINE = Pattern.compile("^invoice +(\\S+) +(\\S+) +(\\S+) +\\S+ +total (\\S+) .*");

    private final Layout layout = Layout.detect().requireBuilt();

    @Test
    void quickstartDeliversEveryStreamAndAResultForEveryDemoCommand() throws Exception {
        Path workDir = layout.buildDir().resolve("quickstart-it");
        Path summaryFile = layout.buildDir().resolve("quickstart-it-summary.json");
        Files.deleteIfExists(summaryFile);
        ProcessBuilder builder = new ProcessBuilder("bash", layout.repoDir().resolve("quickstart.sh").toString(),
                "--until-complete", "--timeout", "240", "--work-dir", workDir.toString(),
                "--summary", summaryFile.toString()).redirectErrorStream(true);
        builder.environment().remove("METRONOME_API_URL");
        builder.environment().remove("METRONOME_API_TOKEN");

        long start = System.nanoTime();
        Process quickstart = builder.start();
        List<String> output = new ArrayList<>();
        long firstRecordNanos = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(quickstart.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                String text = line;
                if (firstRecordNanos < 0 && RECORD_PREFIXES.stream().anyMatch(text::startsWith)) {
                    firstRecordNanos = System.nanoTime() - start;
                }
            }
        }
        assertThat(quickstart.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String transcript = String.join("\n", output);
        assertThat(quickstart.exitValue()).as(transcript).isZero();
        System.out.printf("QuickstartIT: first record %.1f s after ./quickstart.sh started%n", firstRecordNanos / 1e9);

        JsonNode summary = JSON.readTree(summaryFile.toFile());
        assertThat(summary.path("complete").asBoolean()).as(transcript).isTrue();
        for (String stream : List.of("customers", "costs", "billable_metrics", "invoices")) {
            assertThat(summary.path("records").path(stream).asLong()).as(stream).isPositive();
        }
        List<String> expected = new ArrayList<>();
        summary.path("expected_commands").forEach(id -> expected.add(id.asText()));
        assertThat(expected).hasSize(7);
        JsonNode results = summary.path("results");
        for (String commandId : expected) {
            assertThat(results.path(commandId).asText()).as(commandId).isIn("APPLIED", "ALREADY_APPLIED", "REJECTED");
        }
        // The demo's last command names an alias nobody owns: it must be the one rejection.
        assertThat(results.path(expected.get(6)).asText()).isEqualTo("REJECTED");
        assertThat(expected.subList(0, 6)).allMatch(id -> results.path(id).asText().equals("APPLIED"));
        // The printed lines are the decoded records, not raw bytes.
        assertThat(output).anyMatch(line -> line.startsWith("customer ") && line.contains("\"Acme Corp\""));
        assertThat(output).anyMatch(line -> line.startsWith("cost ") && line.contains("USD (cents)"));

        // The demo usage went through the usage sink into Metronome, and its costs are on the costs topic: each
        // customer's Tokens line item of the day is exactly its published tokens times the price, the event
        // published twice counted once.
        JsonNode usage = summary.path("usage");
        assertThat(usage.path("complete").asBoolean()).as(transcript).isTrue();
        Map<String, String> expectedCosts = new TreeMap<>();
        for (int c = 0; c < DemoUsage.CUSTOMERS.size(); c++) {
            BigDecimal tokens = BigDecimal.ZERO;
            for (int i = 0; i < DemoUsage.EVENTS_PER_CUSTOMER; i++) {
                tokens = tokens.add(DemoUsage.tokens(c, i));
            }
            expectedCosts.put(DemoUsage.CUSTOMERS.get(c), tokens.multiply(EmulatorSeeder.TOKEN_PRICE).stripTrailingZeros()
                    .toPlainString());
        }
        Map<String, String> costs = new TreeMap<>();
        usage.path("costs").fields().forEachRemaining(e -> costs.put(usage.path("aliases").path(e.getKey()).asText(),
                e.getValue().asText()));
        assertThat(costs).as(transcript).isEqualTo(expectedCosts);
        usage.path("aliases").fields().forEachRemaining(e -> assertThat(output).as("printed cost of %s", e.getValue())
                .anyMatch(line -> line.startsWith("cost ") && line.contains(e.getKey()) && line.contains(usage.path("day").asText())
                        && line.contains("Tokens=" + expectedCosts.get(e.getValue().asText()))));
        assertThat(output).anyMatch(line -> line.contains("Metronome ingested " + DemoUsage.CUSTOMERS.size()
                * DemoUsage.EVENTS_PER_CUSTOMER + " usage events and ignored 1 duplicate"));

        // Invoices (drafts: no month of the demo customers closes during the demo): the latest printed total of each
        // invoice of the emulator's active customers is the emulator's.
        Map<String, String> printedTotals = new TreeMap<>();
        for (String line : output) {
            Matcher invoice = INVOICE_LINE.matcher(line);
            if (invoice.matches()) {
                printedTotals.put(invoice.group(1), invoice.group(4));
            }
        }
        Map<String, String> emulatorTotals = new TreeMap<>();
        summary.path("invoices").path("emulator_totals").fields()
                .forEachRemaining(total -> emulatorTotals.put(total.getKey(), total.getValue().asText()));
        assertThat(summary.path("invoices").path("equal_to_emulator").asBoolean()).as(transcript).isTrue();
        // read after the demo commands applied: acme, globex, initech and umbrella with rates and usage, wayne
        // (created by a command) without a plan; not hooli (archived by a command: the answer lists active customers)
        assertThat(emulatorTotals).as(transcript).hasSize(5);
        assertThat(emulatorTotals.values()).as(transcript)
                .filteredOn(total -> new BigDecimal(total).signum() > 0).hasSize(4);
        assertThat(printedTotals).as(transcript).containsAllEntriesOf(emulatorTotals);
    }
}
