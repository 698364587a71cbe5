package io.kafkaconnect.metronome.source;

import io.kafkaconnect.metronome.schema.DecimalHandlingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** The checks and recommended values of the source's own settings: stream names and the decimal handling mode. */
final class SourceConfigValidators {

    private SourceConfigValidators() {
    }

    /** Accepts a non-empty list of known stream names. */
    static final class StreamsValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> streams = (List<String>) value;
            if (streams == null || streams.isEmpty()) {
                throw new ConfigException(name, value, "name at least one stream: " + SourceStreamName.allIds());
            }
            for (String stream : streams) {
                try {
                    SourceStreamName.of(stream.trim());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }
        }

        @Override
        public String toString() {
            return "non-empty list of " + SourceStreamName.allIds();
        }
    }

    static final class StreamsRecommender implements ConfigDef.Recommender {
        @Override
        public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
            return Arrays.stream(SourceStreamName.values()).map(s -> (Object) s.id()).toList();
        }

        @Override
        public boolean visible(String name, Map<String, Object> parsedConfig) {
            return true;
        }
    }

    static final class DecimalHandlingModeValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                DecimalHandlingMode.of(String.valueOf(value));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "must be one of " + DecimalHandlingMode.ids());
            }
        }

        @Override
        public String toString() {
            return String.join(", ", DecimalHandlingMode.ids());
        }
    }

    static final class DecimalHandlingModeRecommender implements ConfigDef.Recommender {
        @Override
        public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
            return DecimalHandlingMode.ids().stream().map(id -> (Object) id).toList();
        }

        @Override
        public boolean visible(String name, Map<String, Object> parsedConfig) {
            return true;
        }
    }
}
