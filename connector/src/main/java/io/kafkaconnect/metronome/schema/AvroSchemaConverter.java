package io.kafkaconnect.metronome.schema;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
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
 * records' contract lives in one place and the connectors stay converter-agnostic.
 *
 * <p>Mapping: record → struct (named after the Avro full name), {@code ["null", T]} → optional T (default
 * null), {@code timestamp-millis} → Connect {@link Timestamp}, {@code date} → Connect {@link Date}, enum →
 * string, array → array, map → map of string keys, the other primitives to their Connect twins.
 */
public final class AvroSchemaConverter {

    private AvroSchemaConverter() {
    }

    /** Loads {@code schemas/<name>.avsc} from the classpath and converts it. */
    public static Schema load(String name) {
        return toConnect(loadAvro(name));
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
        return convert(avro, false).build();
    }

    private static SchemaBuilder convert(org.apache.avro.Schema avro, boolean optional) {
        SchemaBuilder builder = switch (avro.getType()) {
            case UNION -> union(avro);
            case RECORD -> record(avro);
            case ENUM, STRING -> SchemaBuilder.string();
            case ARRAY -> SchemaBuilder.array(convert(avro.getElementType(), false).build());
            case MAP -> SchemaBuilder.map(Schema.STRING_SCHEMA, convert(avro.getValueType(), false).build());
            case LONG -> isLogical(avro, LogicalTypes.timestampMillis()) ? Timestamp.builder() : SchemaBuilder.int64();
            case INT -> isLogical(avro, LogicalTypes.date()) ? Date.builder() : SchemaBuilder.int32();
            case DOUBLE -> SchemaBuilder.float64();
            case FLOAT -> SchemaBuilder.float32();
            case BOOLEAN -> SchemaBuilder.bool();
            case BYTES, FIXED -> SchemaBuilder.bytes();
            case NULL -> throw new ConnectException("a bare null type is not supported: " + avro);
        };
        if (avro.getDoc() != null && avro.getType() != org.apache.avro.Schema.Type.UNION) {
            builder.doc(avro.getDoc());
        }
        return optional ? builder.optional() : builder;
    }

    private static SchemaBuilder union(org.apache.avro.Schema avro) {
        List<org.apache.avro.Schema> branches = avro.getTypes().stream()
                .filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL)
                .toList();
        if (branches.size() != 1 || avro.getTypes().size() != 2) {
            throw new ConnectException("only [\"null\", T] unions are supported: " + avro);
        }
        return convert(branches.get(0), true);
    }

    private static SchemaBuilder record(org.apache.avro.Schema avro) {
        SchemaBuilder struct = SchemaBuilder.struct().name(avro.getFullName());
        for (Field field : avro.getFields()) {
            SchemaBuilder fieldSchema = convert(field.schema(), false);
            // An optional record keeps its own doc (a Connect schema's doc can be set once only).
            if (field.doc() != null && field.schema().getType() == org.apache.avro.Schema.Type.UNION
                    && fieldSchema.doc() == null) {
                fieldSchema.doc(field.doc());
            }
            struct.field(field.name(), fieldSchema.build());
        }
        return struct;
    }

    private static boolean isLogical(org.apache.avro.Schema avro, LogicalType expected) {
        LogicalType actual = avro.getLogicalType();
        return actual != null && actual.getName().equals(expected.getName());
    }
}
