package io.kafkaconnect.metronome.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.kafkaconnect.metronome.quickstart.Layout;
import io.kafkaconnect.metronome.sink.MetronomeSinkConfig;
import io.kafkaconnect.metronome.sink.MetronomeSinkConnector;
import io.kafkaconnect.metronome.source.MetronomeSourceConnector;
import io.strimzi.api.kafka.model.common.template.AdditionalVolume;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connect.KafkaConnectSpec;
import io.strimzi.api.kafka.model.connect.build.Artifact;
import io.strimzi.api.kafka.model.connect.build.MavenArtifact;
import io.strimzi.api.kafka.model.connect.build.Plugin;
import io.strimzi.api.kafka.model.connect.build.ZipArtifact;
import io.strimzi.api.kafka.model.connector.AbstractConnectorSpec;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * deploy/strimzi/ cannot be applied here (no Kubernetes), so it is read into Strimzi 0.45's own model classes and
 * checked against the connectors: a field Strimzi does not know, a connector key the connector does not define,
 * a zip URL of another release or a token that does not reach the connectors fails the build.
 */
class StrimziResourcesTest {

    private static final Path REPO = Layout.detect().repoDir();
    private static final Path DIR = REPO.resolve("deploy/strimzi");

    private static final String RELEASES = "https://github.com/kafkaconnect/kafka-connect-metronome/releases/download/";

    /** Oldest Connect line the plugin supports (KIP-898 discovery, KIP-875 offsets: manifest.json's requirement). */
    private static final int[] OLDEST_CONNECT = {3, 6};

    /** Converter classes that Strimzi's image lacks, and the Maven artifact that a build plugin must add for each. */
    private static final Map<String, String> CONVERTER_ARTIFACTS = Map.of(
            "io.confluent.connect.avro.AvroConverter", "io.confluent:kafka-connect-avro-converter");

    private final KafkaConnect connect = parse("kafka-connect.yaml", KafkaConnect.class);
    private final KafkaConnector source = parse("metronome-source-connector.yaml", KafkaConnector.class);
    private final KafkaConnector sink = parse("metronome-sink-connector.yaml", KafkaConnector.class);
    private final Secret secret = parse("metronome-api-token-secret.yaml", Secret.class);

    static Stream<Arguments> resources() {
        return Stream.of(
                Arguments.of("kafka-connect.yaml", KafkaConnect.class),
                Arguments.of("metronome-source-connector.yaml", KafkaConnector.class),
                Arguments.of("metronome-sink-connector.yaml", KafkaConnector.class),
                Arguments.of("metronome-api-token-secret.yaml", Secret.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resources")
    void everyFieldIsOneStrimzisModelKnowsAndNoneIsDeprecated(String file, Class<?> type) {
        assertThat(ModelFieldCheck.parse(read(file), type).problems()).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource({
            "kafka-connect.yaml,              bootstrapServers:, bootstrapServer:, spec.bootstrapServer",
            "kafka-connect.yaml,              mountPath:,        mountpath:,       spec.template.connectContainer.volumeMounts[0].mountpath",
            "kafka-connect.yaml,              type: zip,         typ: zip,         spec.build.plugins[0].artifacts[0]",
            "metronome-source-connector.yaml, tasksMax:,         tasksmax:,        spec.tasksmax",
            "metronome-api-token-secret.yaml, stringData:,       stringdata:,      stringdata",
    })
    void aMisspeltFieldIsReportedWithItsPath(String file, String field, String misspelt, String path) {
        String yaml = replaceOnce(read(file), field, misspelt);

        assertThat(ModelFieldCheck.parse(yaml, typeOf(file)).problems()).anyMatch(problem -> problem.startsWith(path));
    }

    @Test
    void theConnectorsAreTheClassesOfThePluginAndRunOnTheMetronomeConnectCluster() {
        assertThat(source.getSpec().getClassName()).isEqualTo(MetronomeSourceConnector.class.getName());
        assertThat(sink.getSpec().getClassName()).isEqualTo(MetronomeSinkConnector.class.getName());
        assertThat(connect.getMetadata().getAnnotations()).containsEntry("strimzi.io/use-connector-resources", "true");
        for (KafkaConnector connector : List.of(source, sink)) {
            assertThat(connector.getMetadata().getLabels())
                    .containsEntry("strimzi.io/cluster", connect.getMetadata().getName());
            assertThat(connector.getSpec().getTasksMax()).isPositive();
        }
    }

    @Test
    void everyConnectorKeyIsOneTheConnectorOrConnectDefines() {
        assertThat(sourceCheck().undefinedKeys(source.getSpec().getConfig())).isEmpty();
        assertThat(sinkCheck().undefinedKeys(sink.getSpec().getConfig())).isEmpty();
    }

    @Test
    void noConnectorKeyIsOneStrimziSetsItself() {
        // name, connector.class and tasks.max come from metadata.name, spec.class and spec.tasksMax.
        List<String> forbidden = Arrays.asList(AbstractConnectorSpec.FORBIDDEN_PARAMETERS.split(",\\s*"));
        for (KafkaConnector connector : List.of(source, sink)) {
            assertThat(connector.getSpec().getConfig()).doesNotContainKeys(forbidden.toArray(String[]::new));
        }
    }

    @Test
    void everyConnectorValuePassesTheValidators() {
        assertThat(sourceCheck().invalidValues(source.getSpec().getConfig())).isEmpty();
        assertThat(sinkCheck().invalidValues(sink.getSpec().getConfig())).isEmpty();
    }

    @Test
    void aMisspeltConnectorKeyOrABadValueIsReported() {
        Map<String, Object> config = new HashMap<>(source.getSpec().getConfig());
        config.put("poll.intervall.ms", config.remove("poll.interval.ms"));
        config.put("streams", "customers,contracts");

        assertThat(sourceCheck().undefinedKeys(config)).containsExactly("poll.intervall.ms");
        assertThat(sourceCheck().invalidValues(config)).containsOnlyKeys("streams");
    }

    @Test
    void everyConverterTheConnectorsNameIsKafkasOwnOrBuiltIntoTheImage() {
        Set<String> mavenArtifacts = new TreeSet<>();
        for (Plugin plugin : connect.getSpec().getBuild().getPlugins()) {
            for (Artifact artifact : plugin.getArtifacts()) {
                if (artifact instanceof MavenArtifact maven) {
                    mavenArtifacts.add(maven.getGroup() + ":" + maven.getArtifact());
                }
            }
        }
        Set<String> converters = new TreeSet<>();
        converters.addAll(classesNamed(sourceCheck(), source));
        converters.addAll(classesNamed(sinkCheck(), sink));
        assertThat(converters).contains("io.confluent.connect.avro.AvroConverter",
                "org.apache.kafka.connect.storage.StringConverter");

        for (String converter : converters) {
            if (CONVERTER_ARTIFACTS.containsKey(converter)) {
                assertThat(mavenArtifacts).as(converter).contains(CONVERTER_ARTIFACTS.get(converter));
            } else {
                // On this classpath from Kafka's own jars, which Strimzi's image holds.
                assertThat(converter).startsWith("org.apache.kafka.");
                assertThat(loads(converter)).as(converter).isTrue();
            }
        }
    }

    @Test
    void theBuildFetchesThePluginZipOfThisProjectsRelease() {
        String release = System.getProperty("metronome.project.version", "").replace("-SNAPSHOT", "");
        assertThat(release).as("project version, passed in by surefire").matches("\\d+\\.\\d+\\.\\d+");

        // The zip's Confluent Hub name <owner>-<name>, from the plugin build's own properties.
        String zipName = connectorPomProperty("plugin.owner") + "-" + connectorPomProperty("plugin.name");

        Plugin plugin = connect.getSpec().getBuild().getPlugins().stream()
                .filter(p -> p.getName().equals("kafka-connect-metronome")).findFirst().orElseThrow();
        assertThat(plugin.getArtifacts()).singleElement().isInstanceOfSatisfying(ZipArtifact.class, zip ->
                assertThat(zip.getUrl()).isEqualTo(RELEASES + "v" + release + "/" + zipName + "-" + release + ".zip"));
    }

    @Test
    void theKafkaVersionIsOneTheConnectorsSupportAndStrimzi045Runs() {
        String version = connect.getSpec().getVersion();
        String built = System.getProperty("metronome.kafka.version", "");
        assertThat(built).as("Kafka version of the build, passed in by surefire").matches("\\d+\\.\\d+\\.\\d+.*");

        assertThat(compareLines(version, OLDEST_CONNECT)).as(version).isGreaterThanOrEqualTo(0);
        assertThat(compareLines(version, line(built))).as(version + " against " + built).isLessThanOrEqualTo(0);
        // Strimzi 0.45's Kafka versions (its kafka-versions.yaml): 3.8.x and 3.9.x.
        assertThat(version).matches("3\\.[89]\\.\\d+");
    }

    @Test
    void theApiTokenReachesBothConnectorsFromTheSecretThroughAMountedVolume() {
        Map<String, Object> workerConfig = connect.getSpec().getConfig();
        List<VolumeMount> mounts = connect.getSpec().getTemplate().getConnectContainer().getVolumeMounts();
        List<AdditionalVolume> volumes = connect.getSpec().getTemplate().getPod().getVolumes();
        Map<String, String> secretData = secret.getStringData() != null ? secret.getStringData() : secret.getData();

        for (KafkaConnector connector : List.of(source, sink)) {
            String token = String.valueOf(connector.getSpec().getConfig().get("metronome.api.token"));
            Matcher reference = Pattern.compile("\\$\\{(\\w+):(/[^:]+):([^:}]+)}").matcher(token);
            assertThat(reference.matches()).as(token).isTrue();
            String provider = reference.group(1);
            String directory = reference.group(2);
            String file = reference.group(3);

            assertThat(String.valueOf(workerConfig.get("config.providers")).split(",\\s*")).contains(provider);
            assertThat(workerConfig).containsEntry("config.providers." + provider + ".class",
                    DirectoryConfigProvider.class.getName());
            VolumeMount mount = mounts.stream().filter(m -> directory.equals(m.getMountPath())).findFirst()
                    .orElseThrow(() -> new AssertionError(directory + " is not a mountPath of the Connect container"));
            // Strimzi accepts additional volumes under /mnt only.
            assertThat(mount.getMountPath()).startsWith("/mnt/");
            AdditionalVolume volume = volumes.stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError(mount.getName() + " is not a volume of the pod template"));
            assertThat(volume.getSecret().getSecretName()).isEqualTo(secret.getMetadata().getName());
            assertThat(secretData).containsKey(file);
        }
    }

    @Test
    void theSinkWritesItsResultsToTheWorkersKafkaCluster() {
        assertThat(sink.getSpec().getConfig().get(MetronomeSinkConfig.RESULTS_BOOTSTRAP_SERVERS))
                .isEqualTo(connect.getSpec().getBootstrapServers());
    }

    @Test
    void everyWorkerKeyIsAConnectWorkerKeyThatStrimziLetsThrough() {
        Map<String, String> worker = new HashMap<>();
        connect.getSpec().getConfig().forEach((key, value) -> worker.put(key, String.valueOf(value)));
        worker.put("bootstrap.servers", connect.getSpec().getBootstrapServers());
        // What Strimzi's operator sets when the resource leaves it out (so a misspelt key is reported below).
        Map.of("group.id", "connect-cluster",
                "offset.storage.topic", "connect-cluster-offsets",
                "config.storage.topic", "connect-cluster-configs",
                "status.storage.topic", "connect-cluster-status",
                "key.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter").forEach(worker::putIfAbsent);
        Set<String> defined = new DistributedConfig(worker).values().keySet();
        // Prefixed settings the worker passes on. It passes others too (producer.*, offset.storage.* topic
        // configs...), but would pass a misspelt offset.storage.topic as well: add them here when the file needs one.
        List<String> prefixes = List.of("config.providers.", "key.converter.", "value.converter.");
        List<String> forbidden = Arrays.asList(KafkaConnectSpec.FORBIDDEN_PREFIXES.split(",\\s*"));
        List<String> allowed = Arrays.asList(KafkaConnectSpec.FORBIDDEN_PREFIX_EXCEPTIONS.split(",\\s*"));

        Set<String> keys = connect.getSpec().getConfig().keySet();
        assertThat(keys).as("not Connect worker settings")
                .filteredOn(key -> !defined.contains(key) && prefixes.stream().noneMatch(key::startsWith)).isEmpty();
        assertThat(keys).as("set by Strimzi itself: " + KafkaConnectSpec.FORBIDDEN_PREFIXES)
                .filteredOn(key -> !allowed.contains(key) && forbidden.stream().anyMatch(key::startsWith)).isEmpty();
    }

    private static String connectorPomProperty(String name) {
        try {
            Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(REPO.resolve("connector/pom.xml").toFile());
            NodeList values = pom.getElementsByTagName(name);
            assertThat(values.getLength()).as(name + " in connector/pom.xml").isEqualTo(1);
            return values.item(0).getTextContent().trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConnectorConfigCheck sourceCheck() {
        return new ConnectorConfigCheck(new MetronomeSourceConnector());
    }

    private static ConnectorConfigCheck sinkCheck() {
        return new ConnectorConfigCheck(new MetronomeSinkConnector(),
                MetronomeSinkConfig.RESULTS_CONVERTER_PREFIX, MetronomeSinkConfig.RESULTS_PRODUCER_PREFIX);
    }

    private static Set<String> classesNamed(ConnectorConfigCheck check, KafkaConnector connector) {
        Set<String> classes = new TreeSet<>();
        check.classKeys(connector.getSpec().getConfig()).stream()
                .map(key -> String.valueOf(connector.getSpec().getConfig().get(key)))
                .forEach(classes::add);
        return classes;
    }

    private static boolean loads(String className) {
        try {
            Class.forName(className, false, Connector.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** major.minor of a Kafka version. */
    private static int[] line(String version) {
        String[] parts = version.split("\\.");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    private static int compareLines(String version, int[] line) {
        return Arrays.compare(line(version), line);
    }

    private static Class<?> typeOf(String file) {
        return resources().map(Arguments::get).filter(args -> args[0].equals(file)).map(args -> (Class<?>) args[1])
                .findFirst().orElseThrow();
    }

    private static String replaceOnce(String text, String from, String to) {
        assertThat(text.split(Pattern.quote(from), -1)).as("occurrences of " + from).hasSize(2);
        return text.replace(from, to);
    }

    private static <T> T parse(String file, Class<T> type) {
        ModelFieldCheck.Parsed<T> parsed = ModelFieldCheck.parse(read(file), type);
        return Objects.requireNonNull(parsed.model(), () -> file + ": " + parsed.problems());
    }

    private static String read(String file) {
        try {
            return Files.readString(DIR.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
