package io.kafkaconnect.metronome.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The plugin zip as `confluent-hub install` and users take it: named {@code <owner>-<name>-<version>.zip}, one
 * {@code <owner>-<name>-<version>/} directory with the Hub's manifest, the licence, docs, example configs and the
 * plugin's own jars (no Kafka jars). {@link CompatibilityMatrixIT} runs it on every supported Connect line.
 */
class PackagedPluginIT {

    private static final String SOURCE_CLASS = "io.kafkaconnect.metronome.source.MetronomeSourceConnector";
    private static final String SINK_CLASS = "io.kafkaconnect.metronome.sink.MetronomeSinkConnector";
    private static final String USAGE_SINK_CLASS = "io.kafkaconnect.metronome.usage.MetronomeUsageSinkConnector";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Layout layout = Layout.detect().requireBuilt();
    private final String version = System.getProperty("project.version");
    private final String directory = "kafkaconnect-kafka-connect-metronome-" + version;

    @Test
    void pluginPathHoldsOnlyTheUnpackedZip() throws IOException {
        try (Stream<Path> entries = Files.list(layout.pluginPath())) {
            List<Path> plugins = entries.toList();
            assertThat(plugins).extracting(path -> path.getFileName().toString()).containsExactly(directory);
            assertThat(plugins.get(0).resolve("manifest.json")).isRegularFile();
        }
    }

    @Test
    void zipHasTheConfluentHubNameAndLayoutAndNoWorkerJars() throws IOException {
        Path zip = layout.repoDir().resolve("connector/target/" + directory + ".zip");
        assertThat(zip).isRegularFile();
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            List<String> names = archive.stream().map(ZipEntry::getName).toList();
            String top = directory + "/";
            assertThat(names).allMatch(name -> name.startsWith(top));
            assertThat(names).contains(top + "manifest.json", top + "doc/README.md", top + "doc/LICENSE",
                    top + "doc/configuration.md", top + "etc/metronome-source.json", top + "etc/metronome-sink.json",
                    top + "etc/metronome-source.properties", top + "etc/metronome-sink.properties",
                    top + "etc/metronome-usage-sink.json", top + "etc/metronome-usage-sink.properties",
                    top + "doc/usage-sink.md");
            assertThat(names).anyMatch(name -> name.matches(".*/lib/httpclient5-.*\\.jar"));
            assertThat(names).noneMatch(name -> name.matches(".*/lib/(kafka-clients|connect-api|connect-runtime|slf4j-api)-.*"));
            assertThat(new String(archive.getInputStream(archive.getEntry(top + "doc/LICENSE")).readAllBytes(),
                    StandardCharsets.UTF_8)).contains("Apache License", "Version 2.0, January 2004");

            String pluginJar = top + "lib/kafka-connect-metronome-" + version + ".jar";
            assertThat(names).contains(pluginJar);
            Map<String, String> entries = textEntriesOf(archive.getInputStream(archive.getEntry(pluginJar)));
            assertThat(entries.get("META-INF/services/org.apache.kafka.connect.source.SourceConnector")).contains(SOURCE_CLASS);
            assertThat(entries.get("META-INF/services/org.apache.kafka.connect.sink.SinkConnector")).contains(SINK_CLASS, USAGE_SINK_CLASS);
            assertThat(entries.get("io/kafkaconnect/metronome/plugin-version.properties")).contains("version=" + version);
        }
    }

    @Test
    void manifestCarriesTheHubFieldsThatApply() throws IOException {
        JsonNode manifest = JSON.readTree(layout.pluginPath().resolve(directory).resolve("manifest.json").toFile());
        assertThat(manifest.path("name").asText()).isEqualTo("kafka-connect-metronome");
        assertThat(manifest.path("version").asText()).isEqualTo(version);
        assertThat(manifest.path("owner").path("username").asText()).isEqualTo("kafkaconnect");
        assertThat(manifest.path("component_types")).extracting(JsonNode::asText).containsExactly("source", "sink");
        assertThat(manifest.path("features").path("delivery_guarantee")).extracting(JsonNode::asText)
                .containsExactly("at_least_once", "exactly_once");
        assertThat(manifest.path("license").get(0).path("name").asText()).isEqualTo("Apache License 2.0");
        assertThat(manifest.path("requirements").get(0).asText()).contains("3.6.2 to 4.3.1");
        for (String field : List.of("title", "description", "source_url", "documentation_url", "release_date")) {
            assertThat(manifest.path(field).asText()).as(field).isNotBlank().doesNotContain("${");
        }
        for (String field : List.of("summary", "url", "provider_name")) {
            assertThat(manifest.path("support").path(field).asText()).as("support." + field).isNotBlank();
        }
        assertThat(manifest.toString()).doesNotContain("${");
    }

    private static Map<String, String> textEntriesOf(InputStream jar) throws IOException {
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(jar)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().startsWith("META-INF/services/") || entry.getName().endsWith(".properties")) {
                    entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return entries;
    }
}
