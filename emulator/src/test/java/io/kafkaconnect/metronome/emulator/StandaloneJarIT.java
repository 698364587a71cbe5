package io.kafkaconnect.metronome.emulator;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starts the shaded jar the way scripts do and talks to it over HTTP. */
class StandaloneJarIT {
    private static final Path JAR = Path.of("target", "metronome-emulator.jar");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void firstLineIsTheBaseUrlOfAWorkingEmulator() throws Exception {
        assertThat(JAR).exists();
        ProcessBuilder command = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "--port", "0", "--token", "jar-token");
        assertServes(command, "jar-token");
    }

    @Test
    void environmentVariablesProvideTheDefaults() throws Exception {
        ProcessBuilder command = new ProcessBuilder(JAVA, "-jar", JAR.toString());
        command.environment().put("METRONOME_EMULATOR_PORT", "0");
        command.environment().put("METRONOME_EMULATOR_TOKEN", "env-token");
        assertServes(command, "env-token");
    }

    @Test
    void hostOptionServesOtherAddressesThanLoopback() throws Exception {
        // 127.0.0.2 is another address of this machine: reachable only when bound to all interfaces.
        ProcessBuilder wildcard = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "--host", "0.0.0.0", "--port", "0");
        Process process = wildcard.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader stdout = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String baseUrl = stdout.readLine();
            assertThat(baseUrl).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*");
            try (EmulatorClient client = new EmulatorClient(baseUrl.replace("127.0.0.1", "127.0.0.2"), "dev-token")) {
                assertThat(client.get("/v1/customers").status()).isEqualTo(200);
            }
        } finally {
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void previewEventsFormOptionSelectsTheArrayForm() throws Exception {
        ProcessBuilder command = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "--port", "0",
                "--preview-events-form", "array");
        Process process = command.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader stdout = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             EmulatorClient client = new EmulatorClient(stdout.readLine(), "dev-token")) {
            String id = client.createCustomer("Previewed", "previewed");
            assertThat(client.post("/v1/customers/" + id + "/previewEvents",
                    Map.of("events", List.of(Map.of("event_type", "x")))).data().isArray()).isTrue();
        } finally {
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        Process refused = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "--preview-events-form", "list")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).isEqualTo(2);
    }

    @Test
    void byDefaultOnlyLoopbackIsServed() throws Exception {
        try (MetronomeEmulator emulator = new MetronomeEmulator(0, "dev-token").start();
             java.net.Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.2", emulator.port()), 2000))
                    .isInstanceOf(ConnectException.class);
        }
    }

    private static void assertServes(ProcessBuilder command, String token) throws Exception {
        Process process = command.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader stdout = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String baseUrl = stdout.readLine();
            assertThat(baseUrl).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*");
            try (EmulatorClient client = new EmulatorClient(baseUrl, token)) {
                String id = client.createCustomer("From the jar", "jar-alias");
                assertThat(client.get("/v1/customers?ingest_alias=jar-alias").json().get("data").get(0).get("id").asText())
                        .isEqualTo(id);
                assertThat(client.post("/v1/customers", Map.of("name", "x", "ingest_aliases", List.of("jar-alias"))).status())
                        .isEqualTo(409);
            }
            try (EmulatorClient stranger = new EmulatorClient(baseUrl, "wrong")) {
                assertThat(stranger.get("/v1/customers").status()).isEqualTo(401);
            }
        } finally {
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.exists(JAR)).isTrue();
    }

    @Test
    void customFieldKeysCanBeRegisteredAtStartup() throws Exception {
        ProcessBuilder command = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "--port", "0",
                "--custom-field-key", "customer:tier");
        command.environment().put("METRONOME_EMULATOR_CUSTOM_FIELD_KEYS", "customer:region, billable_metric:team");
        Process process = command.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader stdout = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             EmulatorClient client = new EmulatorClient(stdout.readLine(), "dev-token")) {
            assertThat(client.post("/v1/customers", Map.of("name", "A",
                    "custom_fields", Map.of("tier", "gold", "region", "eu"))).status()).isEqualTo(200);
            assertThat(client.post("/_emulator/reset", Map.of()).status()).isEqualTo(200);
            assertThat(client.post("/v1/billable-metrics/create", Map.of("name", "m", "aggregation_type", "COUNT",
                    "custom_fields", Map.of("team", "core"))).status()).as("kept across a reset").isEqualTo(200);
            assertThat(client.post("/v1/customers", Map.of("name", "B", "custom_fields", Map.of("team", "x")))
                    .message()).isEqualTo("Invalid custom field keys: team");
        } finally {
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anInvalidCustomFieldKeyStopsTheStart() throws Exception {
        Process process = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "--port", "0",
                "--custom-field-key", "customers:tier").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String error = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(error).contains("Invalid custom field key customers:tier: entity must be one of:");
    }
}
