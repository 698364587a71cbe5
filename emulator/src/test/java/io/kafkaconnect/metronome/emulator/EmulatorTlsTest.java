package io.kafkaconnect.metronome.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaconnect.metronome.processes.SelfSignedCertificate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a keystore the emulator serves HTTPS, trusted by clients that trust its certificate and by no others. */
class EmulatorTlsTest {

    private static final String KEYSTORE_PASSWORD = "emulator-keystore-secret-42";
    private static final String TRUSTSTORE_PASSWORD = "truststore-secret-17";

    @TempDir
    static Path dir;
    static SelfSignedCertificate certificate;
    static Path trustStore;

    @BeforeAll
    static void makeCertificate() {
        certificate = SelfSignedCertificate.generate(dir, KEYSTORE_PASSWORD);
        trustStore = certificate.writeTrustStore(dir.resolve("trust.p12"), "PKCS12", TRUSTSTORE_PASSWORD);
    }

    @Test
    void servesHttpsToClientsThatTrustItsCertificate() throws Exception {
        try (MetronomeEmulator emulator = httpsEmulator().start()) {
            emulator.bulkCreateCustomers(2, "Tls customer ", null);

            HttpResponse<String> response = trustingClient().send(customersRequest(emulator.baseUrl()),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(emulator.baseUrl()).startsWith("https://127.0.0.1:");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("Tls customer 0", "Tls customer 1");
        }
    }

    @Test
    void clientsWithTheDefaultTrustRefuseItsCertificate() {
        try (MetronomeEmulator emulator = httpsEmulator().start()) {
            assertThatThrownBy(() -> HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()
                    .send(customersRequest(emulator.baseUrl()), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void keepsServingHttpsAfterARestart() throws Exception {
        try (MetronomeEmulator emulator = httpsEmulator().start()) {
            emulator.close();
            emulator.start();
            assertThat(trustingClient().send(customersRequest(emulator.baseUrl()), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aWrongKeystorePasswordIsRefusedWithoutShowingIt() {
        String wrong = "not-the-password-99";
        assertThatThrownBy(() -> EmulatorTls.fromKeyStore(certificate.keyStore(), wrong.toCharArray()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(certificate.keyStore().toString())
                .hasMessageNotContaining(wrong);
    }

    @Test
    void theStandaloneMainServesHttpsWithTheKeystoreOptions() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmulatorMain.class.getName(), "--port", "0",
                "--token", "main-token", "--tls-keystore", certificate.keyStore().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("METRONOME_EMULATOR_TLS_KEYSTORE_PASSWORD", KEYSTORE_PASSWORD);
        Process process = builder.start();
        try (BufferedReader stdout = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String baseUrl = stdout.readLine();
            assertThat(baseUrl).matches("https://127\\.0\\.0\\.1:[1-9][0-9]*");
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/customers"))
                    .header("Authorization", "Bearer main-token").build();
            assertThat(trustingClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
        } finally {
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static MetronomeEmulator httpsEmulator() {
        return new MetronomeEmulator(InetAddress.getLoopbackAddress(), 0, "test-token",
                EmulatorTls.fromKeyStore(certificate.keyStore(), KEYSTORE_PASSWORD.toCharArray()));
    }

    private static HttpRequest customersRequest(String baseUrl) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/v1/customers"))
                .header("Authorization", "Bearer test-token").build();
    }

    private static HttpClient trustingClient() throws Exception {
        KeyStore trusted = KeyStore.getInstance(trustStore.toFile(), TRUSTSTORE_PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).sslContext(context).build();
    }
}
