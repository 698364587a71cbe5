package io.kafkaconnect.metronome.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * The schema contract, {@code schemas/*.avsc}, and the check that what a converter registers is that file: the
 * registered schema, less the converter's own bookkeeping annotations ({@code connect.*} properties, which Avro
 * readers ignore), must {@link Schema#equals equal} the file's: same names, fields, field order, types, logical
 * types with precision and scale, enum symbols and defaults (documentation is not compared).
 */
public final class SchemaFiles {

    /** Failsafe and Surefire run in connector-it/; the files live at the repository's top. */
    public static final Path DIRECTORY = Path.of("..", "schemas");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Schemas the users' producers write (the sink's input); the connectors write all the others. */
    public static final java.util.Set<String> WRITTEN_BY_USERS = java.util.Set.of("customer_command");

    private SchemaFiles() {
    }

    /** Every schema name (file name without {@code .avsc}) of the contract. */
    public static List<String> names() {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".avsc"))
                    .map(n -> n.substring(0, n.length() - ".avsc".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Schema file(String name) {
        try {
            return new Schema.Parser().parse(DIRECTORY.resolve(name + ".avsc").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that a registered (or converter-made) schema is the file, see the class comment. */
    public static void assertSameAsFile(String name, String registered) {
        Schema file = file(name);
        Schema normalized = withoutConverterAnnotations(registered);
        if (!file.equals(normalized)) {
            throw new AssertionError("the schema registered for schemas/" + name + ".avsc differs from the file"
                    + "\nfile:       " + file + "\nregistered: " + normalized + "\n(as registered: " + registered + ")");
        }
    }

    /** Parses a schema after dropping every {@code connect.*} property, at any depth. */
    public static Schema withoutConverterAnnotations(String schema) {
        try {
            JsonNode tree = JSON.readTree(schema);
            strip(tree);
            return new Schema.Parser().parse(JSON.writeValueAsString(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.startsWith("connect.")) {
                    names.remove();
                }
            }
            object.forEach(SchemaFiles::strip);
        } else if (node.isArray()) {
            node.forEach(SchemaFiles::strip);
        }
    }
}
