package io.kafkaconnect.metronome.source;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** Connect's offset store reduced to a map: tests "commit" the offsets of the records a stream returned. */
final class InMemoryOffsets implements OffsetStorageReader {

    private final Map<Map<String, ?>, Map<String, Object>> stored = new HashMap<>();

    void commit(List<SourceRecord> records) {
        for (SourceRecord record : records) {
            @SuppressWarnings("unchecked")
            Map<String, Object> offset = (Map<String, Object>) record.sourceOffset();
            stored.put(Map.copyOf(record.sourcePartition()), offset);
        }
    }

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
        return stored.get(partition);
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
        for (Map<String, T> partition : partitions) {
            if (stored.containsKey(partition)) {
                result.put(partition, stored.get(partition));
            }
        }
        return result;
    }
}
