package io.kafkaconnect.metronome.quickstart.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code ./quickstart.sh --warehouse}'s table reader: warehouse/'s {@code WarehouseTable} in a child JVM whose
 * classpath is the Iceberg sink's plugin directory, so that Iceberg and Hadoop stay off the launcher's classpath.
 * It reads the Iceberg tables after every commit and writes the cost per customer per day; each whole table goes to
 * the listener. Its log (stderr) is {@code log}; it exits by itself when the launcher goes away (stdin closes).
 */
public final class WarehouseReader implements AutoCloseable {

    static final String MAIN_CLASS = "io.kafkaconnect.metronome.warehouse.WarehouseTable";

    /** One row: the latest cost of a customer, UTC day and credit type in metronome.costs. */
    public record Row(String day, String customerName, String creditType, String cost, String customerId) {
    }

    private final Process process;
    private final Thread reader;

    private WarehouseReader(Process process, Thread reader) {
        this.process = process;
        this.reader = reader;
    }

    /** @param warehouse the Hadoop catalog's warehouse URI, as the sink's iceberg.catalog.warehouse */
    public static WarehouseReader start(String classpath, String warehouse, Path log, Consumer<List<Row>> listener) {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath, MAIN_CLASS, warehouse,
                "1000");
        Process process;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the warehouse table reader", e);
        }
        Thread reader = new Thread(() -> read(process, listener), "warehouse-table-reader");
        reader.setDaemon(true);
        reader.start();
        return new WarehouseReader(process, reader);
    }

    private static void read(Process process, Consumer<List<Row>> listener) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            List<Row> table = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] fields = line.split("\t", -1);
                if (fields[0].equals("TABLE")) {
                    table = new ArrayList<>();
                } else if (fields[0].equals("ROW") && fields.length == 6 && table != null) {
                    table.add(new Row(fields[1], fields[2], fields[3], fields[4], fields[5]));
                } else if (fields[0].equals("END") && table != null) {
                    listener.accept(List.copyOf(table));
                    table = null;
                }
            }
        } catch (IOException e) {
            // the reader stopped
        }
    }

    /** The table as printed: a header, then one aligned line per row, each starting with "warehouse ". */
    public static List<String> format(List<Row> rows) {
        int name = "customer".length();
        int credit = "credit type".length();
        int cost = "cost".length();
        for (Row row : rows) {
            name = Math.max(name, row.customerName().length());
            credit = Math.max(credit, row.creditType().length());
            cost = Math.max(cost, row.cost().length());
        }
        String format = "warehouse  %-10s  %-" + name + "s  %-" + credit + "s  %" + cost + "s  %s";
        List<String> lines = new ArrayList<>();
        lines.add("warehouse  metronome.costs in Iceberg, cost per customer per day (latest row per customer, day and"
                + " credit type): " + rows.size() + " rows");
        lines.add(String.format(format, "day", "customer", "credit type", "cost", "customer id"));
        for (Row row : rows) {
            lines.add(String.format(format, row.day(), row.customerName(), row.creditType(), row.cost(),
                    row.customerId()));
        }
        return lines;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
    }
}
