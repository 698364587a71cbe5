package io.kafkaconnect.metronome.schema;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;

/**
 * How money (the Avro {@code bytes}/{@code decimal} fields of {@code schemas/*.avsc}) is written, in the manner of
 * Debezium's {@code decimal.handling.mode}. Metronome's JSON numbers are read as {@link BigDecimal}, never through
 * {@code double}; the mode only decides how the exact value is put into the record.
 *
 * <ul>
 *   <li>{@link #PRECISE} (default): Connect {@link Decimal} with the schema's fixed scale (Avro
 *       {@code {"type": "bytes", "logicalType": "decimal", "precision": 38, "scale": 18}}). A value is only ever
 *       padded with trailing zeros to that scale; a value that would need rounding (more than 18 decimals that are
 *       not zeros) or more than 38 digits in all fails the record rather than change a digit.</li>
 *   <li>{@link #STRING}: the exact digits Metronome sent, as text ({@link BigDecimal#toPlainString()}).</li>
 *   <li>{@link #DOUBLE}: a 64-bit float, lossy beyond ~15-17 significant digits (the old behaviour).</li>
 * </ul>
 */
public enum DecimalHandlingMode {
    PRECISE, STRING, DOUBLE;

    /** Connect parameter carrying the Avro decimal precision (the name Confluent's and Apicurio's AvroData read). */
    public static final String PRECISION_PARAMETER = "connect.decimal.precision";

    public static DecimalHandlingMode of(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(DecimalHandlingMode::id).toList();
    }

    /** The Connect schema builder of a decimal field of this precision and scale in this mode. */
    public SchemaBuilder builder(int precision, int scale) {
        return switch (this) {
            case PRECISE -> Decimal.builder(scale).parameter(PRECISION_PARAMETER, Integer.toString(precision));
            case STRING -> SchemaBuilder.string();
            case DOUBLE -> SchemaBuilder.float64();
        };
    }

    /**
     * The value to put into a field of {@code schema} (built by {@link #builder}) for an exact amount; null stays
     * null.
     */
    public static Object toConnect(Schema schema, BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        if (Decimal.LOGICAL_NAME.equals(schema.name())) {
            int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
            String precisionParameter = schema.parameters().get(PRECISION_PARAMETER);
            BigDecimal scaled;
            try {
                scaled = amount.setScale(scale, java.math.RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                throw new DataException("amount " + amount.toPlainString() + " has more than " + scale
                        + " decimals and cannot be written as decimal(" + precisionParameter + "," + scale
                        + ") without rounding; set decimal.handling.mode=string to keep its digits as text");
            }
            if (precisionParameter != null && scaled.precision() > Integer.parseInt(precisionParameter)) {
                throw new DataException("amount " + amount.toPlainString() + " has more than "
                        + precisionParameter + " digits at scale " + scale
                        + "; set decimal.handling.mode=string to keep its digits as text");
            }
            return scaled;
        }
        return switch (schema.type()) {
            case STRING -> amount.toPlainString();
            case FLOAT64 -> amount.doubleValue();
            default -> throw new DataException("not a money field: " + schema);
        };
    }
}
