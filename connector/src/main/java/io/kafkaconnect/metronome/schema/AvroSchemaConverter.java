package io.kafkaconnect.metronome.schema;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema.Field;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Turns the Avro files in {@code schemas/} (shipped in the jar) into Connect schemas, once at start-up, so the
 * records' contract lives in one place and the connectors stay converter-agnostic. The mapping is the inverse of
 * what Confluent's (and Apicurio's) {@code AvroData} does when a converter registers a Connect schema, so the
 * schema a registry holds is the file (less the converter's own {@code connect.*} annotations); the registry and
 * unit tests check that for every file.
 *
 * <p>Mapping: record → struct (named after the Avro full name), {@code ["null", T]} → optional T (default
 * null), other field defaults → the Connect field's default value, {@code timestamp-millis} → Connect
 * {@link Timestamp}, {@code date} → Connect {@link Date}, enum → string carrying the Avro enum in the parameters
 * {@value #ENUM_PARAMETER} (the enum's full name) and {@code io.confluent.connect.avro.Enum.<symbol>} (each
 * symbol), {@code bytes} with {@code logicalType: decimal} → per {@link DecimalHandlingMode}, array → array, map →
 * map of string keys, the other primitives to their Connect twins.
 */
public final class AvroSchemaConverter {

    /** The Connect schema parameter by which Confluent's AvroData writes a string as an Avro enum. */
    public static final String ENUM_PARAMETER = "io.confluent.connect.avro.Enum";

    private AvroSchemaConverter() {
    }

    /** Loads {@code schemas/<name>.avsc} from the classpath and converts it, money as {@link DecimalHandlingMode#PRECISE}. */
    public static Schema load(String name) {
        return toConnect(loadAvro(name));
    }

    /** Loads {@code schemas/<name>.avsc} from the classpath and converts it, money in the given mode. */
    public static Schema load(String name, DecimalHandlingMode mode) {
        return toConnect(loadAvro(name), mode);
    }

    /** Loads {@code schemas/<name>.avsc} from the classpath as an Avro schema. */
    public static org.apache.avro.Schema loadAvro(String name) {
        String resource = "/schemas/" + name + ".avsc";
        try (InputStream in = AvroSchemaConverter.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConnectException("schema resource not found: " + resource);
            }
            return new org.apache.avro.Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new ConnectException("cannot read schema " + resource, e);
        }
    }

    public static Schema toConnect(org.apache.avro.Schema avro) {
        return toConnect(avro, DecimalHandlingMode.PRECISE);
    }

    public static Schema toConnect(org.apache.avro.Schema avro, DecimalHandlingMode mode) {
        return new Converter(mode).convert(avro, false).build();
    }

    private record Converter(DecimalHandlingMode mode) {

        SchemaBuilder convert(org.apache.avro.Schema avro, boolean optional) {
            SchemaBuilder builder = switch (avro.getType()) {
                case UNION -> union(avro);
                case RECORD -> record(avro);
                case ENUM -> enumeration(avro);
                case STRING -> SchemaBuilder.string();
                case ARRAY -> SchemaBuilder.array(convert(avro.getElementType(), false).build());
                case MAP -> SchemaBuilder.map(Schema.STRING_SCHEMA, convert(avro.getValueType(), false).build());
                case LONG -> isLogical(avro, LogicalTypes.timestampMillis()) ? Timestamp.builder() : SchemaBuilder.int64();
                case INT -> isLogical(avro, LogicalTypes.date()) ? Date.builder() : SchemaBuilder.int32();
                case DOUBLE -> SchemaBuilder.float64();
                case FLOAT -> SchemaBuilder.float32();
                case BOOLEAN -> SchemaBuilder.bool();
                case BYTES -> avro.getLogicalType() instanceof LogicalTypes.Decimal decimal
                        ? mode.builder(decimal.getPrecision(), decimal.getScale()) : SchemaBuilder.bytes();
                case FIXED -> SchemaBuilder.bytes();
                case NULL -> throw new ConnectException("a bare null type is not supported: " + avro);
            };
            if (avro.getDoc() != null && avro.getType() != org.apache.avro.Schema.Type.UNION) {
                builder.doc(avro.getDoc());
            }
            return optional ? builder.optional() : builder;
        }

        private SchemaBuilder union(org.apache.avro.Schema avro) {
            List<org.apache.avro.Schema> branches = avro.getTypes().stream()
                    .filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL)
                    .toList();
            if (branches.size() != 1 || avro.getTypes().size() != 2
                    || avro.getTypes().get(0).getType() != org.apache.avro.Schema.Type.NULL) {
                throw new ConnectException("only [\"null\", T] unions are supported: " + avro);
            }
            return convert(branches.get(0), true);
        }

        private static SchemaBuilder enumeration(org.apache.avro.Schema avro) {
            SchemaBuilder builder = SchemaBuilder.string().parameter(ENUM_PARAMETER, avro.getFullName());
            for (String symbol : avro.getEnumSymbols()) {
                builder.parameter(ENUM_PARAMETER + "." + symbol, symbol);
            }
            return builder;
        }

        private SchemaBuilder record(org.apache.avro.Schema avro) {
            SchemaBuilder struct = SchemaBuilder.struct().name(avro.getFullName());
            for (Field field : avro.getFields()) {
                boolean union = field.schema().getType() == org.apache.avro.Schema.Type.UNION;
                SchemaBuilder fieldSchema = convert(field.schema(), false);
                // An optional record keeps its own doc (a Connect schema's doc can be set once only).
                if (field.doc() != null && union && fieldSchema.doc() == null) {
                    fieldSchema.doc(field.doc());
                }
                if (field.hasDefaultValue() && !union) {
                    fieldSchema.defaultValue(defaultValue(field));
                } else if (field.hasDefaultValue() && field.defaultVal() != JsonProperties.NULL_VALUE) {
                    throw new ConnectException("an optional field's default must be null: " + field);
                }
                struct.field(field.name(), fieldSchema.build());
            }
            return struct;
        }

        private static Object defaultValue(Field field) {
            Object value = field.defaultVal();
            return switch (field.schema().getType()) {
                case ARRAY -> new ArrayList<>((java.util.Collection<?>) value);
                case MAP -> new LinkedHashMap<>((Map<?, ?>) value);
                case BOOLEAN, STRING, ENUM, INT, LONG, DOUBLE, FLOAT -> {
                    if (field.schema().getLogicalType() != null) {
                        throw new ConnectException("defaults of logical types are not supported: " + field);
                    }
                    yield value instanceof CharSequence text ? text.toString() : value;
                }
                default -> throw new ConnectException("defaults of this type are not supported: " + field);
            };
        }
    }

    private static boolean isLogical(org.apache.avro.Schema avro, LogicalType expected) {
        LogicalType actual = avro.getLogicalType();
        return actual != null && actual.getName().equals(expected.getName());
    }
}
