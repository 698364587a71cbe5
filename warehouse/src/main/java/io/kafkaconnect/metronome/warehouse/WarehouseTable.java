package io.kafkaconnect.metronome.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;

/**
 * {@code ./quickstart.sh --warehouse}'s reader, a child JVM with the Iceberg sink's plugin directory as its classpath
 * (iceberg-core, -data, -parquet, Hadoop's shaded client): polls the Hadoop catalog under {@code args[0]} and, each
 * time a commit changed the tables, writes the cost per customer per day of {@code metronome.costs} by the latest-row
 * rule of config/warehouse/README.md (per customer, UTC day and credit type, the row with the greatest partition and
 * offset), customers named by the latest row of {@code metronome.customers}. Output, tab-separated, for the launcher
 * to format: {@code TABLE <costs snapshot id>}, then {@code ROW day name credit-type cost customer-id} per row, then
 * {@code END}. Exits when its standard input closes (the launcher is gone).
 */
public final class WarehouseTable {

    private static final TableIdentifier CUSTOMERS = TableIdentifier.of("metronome", "customers");
    private static final TableIdentifier COSTS = TableIdentifier.of("metronome", "costs");
    private static final Comparator<Record> NEWEST_FIRST = Comparator
            .comparing((Record r) -> (Integer) r.getField("_kafka_metadata_partition"))
            .thenComparing(r -> (Long) r.getField("_kafka_metadata_offset")).reversed();

    private WarehouseTable() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: WarehouseTable <warehouse uri> [poll millis]");
            System.exit(2);
        }
        long pollMillis = args.length > 1 ? Long.parseLong(args[1]) : 1000;
        Thread watchdog = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // nothing to read: waits for the launcher to go away
                }
            } catch (IOException e) {
                // same as end of input
            }
            System.exit(0);
        }, "stdin-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (HadoopCatalog catalog = new HadoopCatalog(new Configuration(), args[0])) {
            List<Long> printed = null;
            while (true) {
                try {
                    List<Long> snapshots = List.of(snapshotId(catalog, COSTS), snapshotId(catalog, CUSTOMERS));
                    if (snapshots.get(0) >= 0 && !snapshots.equals(printed)) {
                        print(out, snapshots.get(0), rows(catalog));
                        printed = snapshots;
                    }
                } catch (RuntimeException e) {
                    // a commit in progress, a table not there yet: the next poll sees it whole
                    System.err.println("cannot read the tables yet: " + e);
                }
                Thread.sleep(pollMillis);
            }
        }
    }

    /** The current snapshot's id, -1 while the table or its first commit is missing. */
    private static long snapshotId(HadoopCatalog catalog, TableIdentifier id) {
        if (!catalog.tableExists(id)) {
            return -1;
        }
        Snapshot snapshot = catalog.loadTable(id).currentSnapshot();
        return snapshot == null ? -1 : snapshot.snapshotId();
    }

    record Row(String day, String customerName, String creditType, String cost, String customerId) {
    }

    static List<Row> rows(HadoopCatalog catalog) throws IOException {
        Map<String, String> names = new HashMap<>();
        if (catalog.tableExists(CUSTOMERS)) {
            latest(scan(catalog, CUSTOMERS), r -> (String) r.getField("id"))
                    .forEach((id, r) -> names.put(id, (String) r.getField("name")));
        }
        List<Row> rows = new ArrayList<>();
        latest(scan(catalog, COSTS), r -> r.getField("customer_id") + "/" + r.getField("start_timestamp") + "/"
                + r.getField("credit_type_id")).values().forEach(r -> {
                    String customerId = (String) r.getField("customer_id");
                    rows.add(new Row(day(r.getField("start_timestamp")), names.getOrDefault(customerId, customerId),
                            String.valueOf(r.getField("credit_type_name")), money(r.getField("cost")), customerId));
                });
        rows.sort(Comparator.comparing(Row::customerName).thenComparing(Row::customerId).thenComparing(Row::day)
                .thenComparing(Row::creditType));
        return rows;
    }

    private static Map<String, Record> latest(List<Record> rows, java.util.function.Function<Record, String> key) {
        Map<String, Record> latest = new HashMap<>();
        for (Record row : rows) {
            latest.merge(key.apply(row), row, (a, b) -> NEWEST_FIRST.compare(a, b) <= 0 ? a : b);
        }
        return latest;
    }

    private static List<Record> scan(HadoopCatalog catalog, TableIdentifier id) throws IOException {
        Table table = catalog.loadTable(id);
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            records.forEach(r -> rows.add(r.copy()));
        }
        return rows;
    }

    private static void print(PrintStream out, long snapshotId, List<Row> rows) {
        StringBuilder table = new StringBuilder("TABLE\t").append(snapshotId).append('\n');
        for (Row row : rows) {
            table.append(String.join("\t", "ROW", row.day(), row.customerName(), row.creditType(), row.cost(),
                    row.customerId())).append('\n');
        }
        out.print(table.append("END\n"));
        out.flush();
    }

    /** UTC day of a timestamptz (or timestamp) column. */
    static String day(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().toString();
        } else if (value instanceof LocalDateTime t) {
            return t.toLocalDate().toString();
        }
        return String.valueOf(value);
    }

    /** Exact digits without trailing zeros (decimal columns); a double column as Java prints it. */
    static String money(Object value) {
        if (value instanceof BigDecimal amount) {
            return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
        }
        return Objects.toString(value);
    }
}
