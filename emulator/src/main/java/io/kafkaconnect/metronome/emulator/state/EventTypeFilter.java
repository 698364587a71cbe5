package io.kafkaconnect.metronome.emulator.state;

import java.util.List;

/** event_type_filter of a billable metric; a null list means "no rule". */
public record EventTypeFilter(List<String> inValues, List<String> notInValues) {

    public boolean test(String eventType) {
        return (inValues == null || inValues.contains(eventType))
                && (notInValues == null || !notInValues.contains(eventType));
    }
}
