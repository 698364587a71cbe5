package io.kafkaconnect.metronome.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Every schema of {@code schemas/} is BACKWARD compatible with the previous release's copy
 * ({@code schemas/released/<newest version>/}): a reader with the current schema reads what the release wrote.
 */
class SchemaCompatibilityTest {

    /** Surefire runs in connector/; the schemas live at the repository's top. */
    private static final Path SCHEMAS = Path.of("..", "schemas");
    private static final Path RELEASED = SCHEMAS.resolve("released");
    /**
     * Schemas added since the newest release: they have no released copy to be compatible with. Listed by name so
     * that a new file is a decision, not an oversight; empty this list when a release copies them into
     * {@code released/<version>/}.
     */
    static final Set<String> NEW_SINCE_RELEASE = Set.of("cost_line_item", "cost_line_item_key", "invoice", "invoice_key",
            "invoice_line_item", "invoice_line_item_key", "usage_event");

    @Test
    void everySchemaIsBackwardCompatibleWithThePreviousRelease() throws IOException {
        Path release = newestRelease();
        List<String> released = names(release);
        assertThat(released).as("schemas of release " + release.getFileName()).contains("customer", "customer_key", "daily_cost", "daily_cost_key", "billable_metric",
                        "billable_metric_key", "command_result", "customer_command");
        List<String> problems = new ArrayList<>();
        for (String name : released) {
            Path current = SCHEMAS.resolve(name + ".avsc");
            if (!Files.exists(current)) {
                problems.add(name + ": removed since release " + release.getFileName());
                continue;
            }
            problems.addAll(backwardProblems(name, parse(current), parse(release.resolve(name + ".avsc"))));
        }
        assertThat(problems).as("BACKWARD incompatible with release " + release.getFileName()).isEmpty();
    }

    @Test
    void everyCurrentSchemaIsReleasedOrListedAsNewSinceTheRelease() throws IOException {
        Path release = newestRelease();
        List<String> released = names(release);
        List<String> current = names(SCHEMAS);
        assertThat(current).as("schemas/*.avsc neither in release " + release.getFileName()
                        + " nor in NEW_SINCE_RELEASE").allMatch(n -> released.contains(n) || NEW_SINCE_RELEASE.contains(n));
        assertThat(NEW_SINCE_RELEASE).as("NEW_SINCE_RELEASE names a schema file that does not exist")
                .allMatch(current::contains);
        assertThat(NEW_SINCE_RELEASE).as("NEW_SINCE_RELEASE names a schema of release " + release.getFileName()
                + ": it is checked for compatibility now, drop it from the list").noneMatch(released::contains);
        for (String name : NEW_SINCE_RELEASE) {
            assertThat(backwardProblems(name, parse(SCHEMAS.resolve(name + ".avsc")),
                    parse(SCHEMAS.resolve(name + ".avsc")))).as(name).isEmpty();
        }
    }

    @Test
    void aNewFieldWithoutDefaultIsReported() throws IOException {
        Schema released = parse(newestRelease().resolve("daily_cost.avsc"));
        String text = Files.readString(SCHEMAS.resolve("daily_cost.avsc")).replaceFirst("\"fields\": \\[",
                "\"fields\": [ {\"name\": \"tax\", \"type\": {\"type\": \"bytes\", \"logicalType\": \"decimal\","
                        + " \"precision\": 38, \"scale\": 18}},");
        assertThat(backwardProblems("daily_cost", new Schema.Parser().parse(text), released))
                .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("tax");
    }

    @Test
    void aRemovedEnumSymbolIsReported() throws IOException {
        Schema released = parse(newestRelease().resolve("customer_command.avsc"));
        String text = Files.readString(SCHEMAS.resolve("customer_command.avsc")).replace(", \"PREVIEW_EVENTS\"]", "]");
        assertThat(text).doesNotContain("PREVIEW_EVENTS\"]");
        assertThat(backwardProblems("customer_command", new Schema.Parser().parse(text), released))
                .singleElement().asString().contains("MISSING_ENUM_SYMBOLS").contains("PREVIEW_EVENTS");
    }

    @Test
    void moneyAsDoubleIsNotReadableAsTheDecimal() throws IOException {
        Schema released = parse(newestRelease().resolve("daily_cost.avsc"));
        String text = Files.readString(SCHEMAS.resolve("daily_cost.avsc"))
                .replace("{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 38, \"scale\": 18}",
                        "\"double\"");
        assertThat(backwardProblems("daily_cost", new Schema.Parser().parse(text), released)).isNotEmpty();
    }

    static List<String> backwardProblems(String name, Schema reader, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        return List.of(name + ": " + result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")").toList());
    }

    static Path newestRelease() throws IOException {
        try (Stream<Path> dirs = Files.list(RELEASED)) {
            return dirs.filter(Files::isDirectory)
                    .max(Comparator.comparing(p -> version(p.getFileName().toString())))
                    .orElseThrow(() -> new AssertionError("no release under " + RELEASED));
        }
    }

    /** 0.10.0 after 0.9.1: compares the dotted numbers as a zero-padded string. */
    private static String version(String name) {
        StringBuilder key = new StringBuilder();
        for (String part : name.split("\\.")) {
            key.append(String.format("%08d", Integer.parseInt(part.replaceAll("\\D.*", "0")))).append('.');
        }
        return key.toString();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".avsc"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        }
    }

    private static Schema parse(Path file) throws IOException {
        return new Schema.Parser().parse(file.toFile());
    }
}
