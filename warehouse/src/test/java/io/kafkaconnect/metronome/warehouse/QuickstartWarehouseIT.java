package io.kafkaconnect.metronome.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.quickstart.Layout;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code ./quickstart.sh --warehouse --until-complete} as a user would and checks the cost per customer per day
 * it printed from the Iceberg tables: the last table printed has one row per customer, day and credit type of the
 * costs topic, with the cost of that key's latest record as the quickstart printed it.
 */
class QuickstartWarehouseIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE_HEADER = "warehouse  metronome.costs in Iceberg";
    private static final String ROW_PREFIX = "warehouse  ";

    private final Layout layout = Layout.detect().requireBuilt().requireWarehouseBuilt();

    @Test
    void quickstartPrintsTheCostsReadBackFromIceberg() throws Exception {
        Path buildDir = Path.of(System.getProperty("warehouse.it.dir", "target/iceberg-sink-it")).toAbsolutePath()
                .getParent();
        Path workDir = buildDir.resolve("quickstart-warehouse-it");
        Path summaryFile = buildDir.resolve("quickstart-warehouse-it-summary.json");
        Files.deleteIfExists(summaryFile);
        ProcessBuilder builder = new ProcessBuilder("bash", layout.repoDir().resolve("quickstart.sh").toString(),
                "--warehouse", "--until-complete", "--timeout", "240", "--work-dir", workDir.toString(),
                "--summary", summaryFile.toString()).redirectErrorStream(true);
        builder.environment().remove("METRONOME_API_URL");
        builder.environment().remove("METRONOME_API_TOKEN");

        long start = System.nanoTime();
        Process quickstart = builder.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(quickstart.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
            }
        }
        assertThat(quickstart.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String transcript = String.join("\n", output);
        assertThat(quickstart.exitValue()).as(transcript).isZero();
        System.out.printf("QuickstartWarehouseIT: complete %.1f s after ./quickstart.sh started%n",
                (System.nanoTime() - start) / 1e9);

        JsonNode summary = JSON.readTree(summaryFile.toFile());
        assertThat(summary.path("complete").asBoolean()).as(transcript).isTrue();
        assertThat(summary.path("warehouse").path("equals_costs_topic").asBoolean()).as(transcript).isTrue();

        // what the quickstart printed until it was complete
        int complete = output.indexOf(output.stream().filter(line -> line.startsWith("Complete: ")).findFirst()
                .orElseThrow());
        List<String> printed = output.subList(0, complete);
        Map<String, String> costsTopic = new TreeMap<>();
        for (String line : printed) {
            if (line.startsWith("cost ")) {
                // cost      <customer id>  <day>  <amount> <credit type name>  {<line item>=<cost>, ...}
                String[] fields = line.trim().split("\\s+", 5);
                String creditType = fields[4].replaceFirst("\\s+\\{.*}$", "");
                costsTopic.put(fields[1] + "/" + fields[2] + "/" + creditType, fields[3]);
            }
        }
        int header = -1;
        for (int i = 0; i < printed.size(); i++) {
            if (printed.get(i).startsWith(TABLE_HEADER)) {
                header = i;
            }
        }
        assertThat(header).as("a warehouse table printed: %s", transcript).isNotNegative();
        Map<String, String> table = new TreeMap<>();
        List<String> names = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (String line : printed.subList(header + 2, printed.size())) {
            if (!line.startsWith(ROW_PREFIX)) {
                break;
            }
            rows.add(line);
            // warehouse  <day>  <customer name>  <credit type>  <cost>  <customer id>
            String[] fields = line.substring(ROW_PREFIX.length()).trim().split("\\s{2,}");
            assertThat(fields).as(line).hasSize(5);
            assertThat(table.put(fields[4] + "/" + fields[0] + "/" + fields[2], fields[3])).as("one row of %s", line)
                    .isNull();
            names.add(fields[1]);
        }
        System.out.println(printed.get(header) + "\n" + printed.get(header + 1) + "\n" + String.join("\n", rows));

        assertThat(costsTopic).as("cost records printed").isNotEmpty();
        assertThat(table).as("the last warehouse table against the costs topic's latest records")
                .isEqualTo(costsTopic);
        assertThat(names).as("customers named from metronome.customers").contains("Acme Corp");
    }
}
