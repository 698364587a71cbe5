package io.kafkaconnect.metronome.testkit;

import io.kafkaconnect.metronome.schema.AvroSchemaConverter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/** A valid value of any Connect schema the project builds: what it takes to make a converter register it. */
public final class SampleValues {

    private SampleValues() {
    }

    public static Object of(Schema schema) {
        if (schema.isOptional()) {
            return null;
        }
        if (Decimal.LOGICAL_NAME.equals(schema.name())) {
            return new BigDecimal("1.5").setScale(Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD)));
        }
        if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
            return new java.util.Date(0);
        }
        if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(schema.name())) {
            return new java.util.Date(0);
        }
        return switch (schema.type()) {
            case STRUCT -> {
                Struct struct = new Struct(schema);
                for (Field field : schema.fields()) {
                    struct.put(field, of(field.schema()));
                }
                yield struct;
            }
            case STRING -> schema.parameters() != null
                    && schema.parameters().containsKey(AvroSchemaConverter.ENUM_PARAMETER)
                    ? schema.parameters().entrySet().stream()
                        .filter(e -> e.getKey().startsWith(AvroSchemaConverter.ENUM_PARAMETER + "."))
                        .findFirst().orElseThrow().getValue()
                    : "x";
            case ARRAY -> List.of();
            case MAP -> Map.of();
            case BOOLEAN -> false;
            case INT8 -> (byte) 0;
            case INT16 -> (short) 0;
            case INT32 -> 0;
            case INT64 -> 0L;
            case FLOAT32 -> 0f;
            case FLOAT64 -> 0d;
            case BYTES -> new byte[0];
        };
    }
}
