package io.kafkaconnect.metronome.quickstart;

import io.kafkaconnect.metronome.quickstart.demo.EmulatorInvoices;
import io.kafkaconnect.metronome.quickstart.records.RecordLine;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;

/**
 * The latest total of each invoice on the invoices topic, against the emulator's answer for its active customers'
 * invoices. Against a real Metronome there is no emulator to compare with, and the check is left out.
 */
final class InvoiceTotals {

    private final EmulatorInvoices emulator;
    /** invoice id → total of its latest record on the topic. */
    private final Map<String, String> topic = new TreeMap<>();
    /** invoice id → total as the emulator last answered; null before the first answer. */
    private Map<String, String> emulatorTotals;

    /** @param emulator null against a real Metronome */
    InvoiceTotals(EmulatorInvoices emulator) {
        this.emulator = emulator;
    }

    synchronized void onInvoice(GenericRecord invoice) {
        topic.put(String.valueOf(invoice.get("id")), RecordLine.money(invoice, "total"));
    }

    /**
     * Reads the emulator's invoices now (a draft's total changes with usage, a demo command adds or archives a
     * customer) and tells whether every invoice of its active customers is on the topic with the emulator's total
     * (the answer covers active customers only; the topic also holds archived customers' invoices, which the archive
     * voided, so it may hold more). Always true against a real Metronome. Keeps the last answer when the emulator
     * does not answer.
     */
    boolean complete() throws InterruptedException {
        if (emulator == null) {
            return true;
        }
        try {
            Map<String, String> answer = emulator.totals();
            synchronized (this) {
                emulatorTotals = answer;
            }
        } catch (IOException e) {
            // the emulator stopping under us at shutdown: judge by the last answer
        }
        return matches();
    }

    /** {@link #complete()} as of the emulator's last answer. */
    synchronized boolean matches() {
        return emulator == null || emulatorTotals != null && !emulatorTotals.isEmpty()
                && emulatorTotals.entrySet().stream().allMatch(e -> e.getValue().equals(topic.get(e.getKey())));
    }

    synchronized Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("topic_totals", new TreeMap<>(topic));
        if (emulator != null) {
            summary.put("emulator_totals", emulatorTotals == null ? Map.of() : new TreeMap<>(emulatorTotals));
            summary.put("equal_to_emulator", matches());
        }
        return summary;
    }
}
