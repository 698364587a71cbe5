package io.kafkaconnect.metronome.emulator.state;

import java.util.List;
import java.util.Map;

/**
 * One property_filters rule of a billable metric; null parts impose nothing. Values compare as text.
 * A value rule on a missing property fails, as the property cannot be in the allowed list.
 */
public record PropertyFilter(String name, Boolean exists, List<String> inValues, List<String> notInValues) {

    public boolean test(Map<String, String> properties) {
        String value = properties.get(name);
        if (exists != null && exists != (value != null)) {
            return false;
        }
        if (inValues != null && (value == null || !inValues.contains(value))) {
            return false;
        }
        return notInValues == null || value == null || !notInValues.contains(value);
    }
}
