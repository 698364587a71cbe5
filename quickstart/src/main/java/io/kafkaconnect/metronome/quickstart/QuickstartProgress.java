package io.kafkaconnect.metronome.quickstart;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;

/** What has arrived so far: records per stream, the result of each demo command, and when the first record came. */
final class QuickstartProgress {

    private final long startNanos;
    private final List<String> streams;
    private final List<String> expectedCommandIds;
    private final Map<String, Long> recordsPerStream = new LinkedHashMap<>();
    private final Map<String, String> statusByCommandId = new TreeMap<>();
    private long firstRecordMillis = -1;

    /**
     * @param streams            the source streams that must each deliver a record
     * @param expectedCommandIds the demo commands that must each get a result
     */
    QuickstartProgress(long startNanos, List<String> streams, List<String> expectedCommandIds) {
        this.startNanos = startNanos;
        this.streams = streams;
        this.expectedCommandIds = expectedCommandIds;
        streams.forEach(stream -> recordsPerStream.put(stream, 0L));
        recordsPerStream.put("results", 0L);
    }

    synchronized void onRecord(String stream, Object value) {
        if (firstRecordMillis < 0) {
            firstRecordMillis = elapsedMillis();
        }
        recordsPerStream.merge(stream, 1L, Long::sum);
        if ("results".equals(stream) && value instanceof GenericRecord result && result.get("command_id") != null) {
            statusByCommandId.put(result.get("command_id").toString(), String.valueOf(result.get("status")));
        }
    }

    /** Every stream has delivered a record and every demo command has its result. */
    synchronized boolean complete() {
        return streams.stream().allMatch(stream -> recordsPerStream.get(stream) > 0)
                && statusByCommandId.keySet().containsAll(expectedCommandIds);
    }

    synchronized String line() {
        StringBuilder line = new StringBuilder(String.format("[%5.1f s]", elapsedMillis() / 1000.0));
        streams.forEach(stream -> line.append(' ').append(stream).append('=').append(recordsPerStream.get(stream)));
        long results = expectedCommandIds.stream().filter(statusByCommandId::containsKey).count();
        line.append(" results=").append(results).append('/').append(expectedCommandIds.size());
        if (firstRecordMillis >= 0) {
            line.append(String.format("  first record after %.1f s", firstRecordMillis / 1000.0));
        }
        return line.toString();
    }

    /** The machine-readable outcome the --summary file holds. */
    synchronized Map<String, Object> summary(boolean complete) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("complete", complete);
        summary.put("elapsed_ms", elapsedMillis());
        summary.put("first_record_ms", firstRecordMillis);
        summary.put("records", new LinkedHashMap<>(recordsPerStream));
        summary.put("expected_commands", expectedCommandIds);
        summary.put("results", new TreeMap<>(statusByCommandId));
        return summary;
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
