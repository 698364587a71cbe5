package io.kafkaconnect.metronome.quickstart;

import java.util.Arrays;
import java.util.Map;

/**
 * The quickstart's source also runs the invoices stream, which config/metronome-source.json leaves out (it is not a
 * default stream). The demo customers are created when the quickstart starts, so no month of theirs closes while it
 * runs: with {@code invoices.include.drafts=true} their month-to-date draft invoices are what it can show, written
 * again whenever their total changes.
 */
final class InvoicesDemo {

    static final String STREAM = "invoices";

    private InvoicesDemo() {
    }

    static ConnectorConfig withInvoices(ConnectorConfig source) {
        String streams = source.get("streams");
        boolean listed = Arrays.stream(streams.split(",")).map(String::trim).anyMatch(STREAM::equals);
        return source.with(Map.of("streams", listed ? streams : streams + "," + STREAM,
                "invoices.include.drafts", "true"));
    }
}
