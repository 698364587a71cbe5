package io.kafkaconnect.metronome.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.ProxySettings;
import io.kafkaconnect.metronome.client.TlsSettings;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.processes.SelfSignedCertificate;
import io.kafkaconnect.metronome.sink.MetronomeSinkConfig;
import io.kafkaconnect.metronome.sink.MetronomeSinkConnector;
import io.kafkaconnect.metronome.source.MetronomeSourceConfig;
import io.kafkaconnect.metronome.source.MetronomeSourceConnector;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import io.kafkaconnect.metronome.testkit.TestForwardProxy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proxy and trust store settings: refused at validation with the field named and no password shown, carried into
 * the client settings when right, and the JVM's own proxy and trust when left empty.
 */
class NetworkSettingsTest {

    private static final String TOKEN = "network-test-token-0123456789";
    private static final String TRUSTSTORE_PASSWORD = "truststore-s3cret-5150";
    private static final String PROXY_PASSWORD = "proxy-s3cret-8086";

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension(TOKEN);

    @TempDir
    static Path dir;
    static Path trustStore;

    @BeforeAll
    static void makeTrustStore() {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir, "keystore-password");
        trustStore = certificate.writeTrustStore(dir.resolve("trust.p12"), "PKCS12", TRUSTSTORE_PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.corp.example:3128", "ftp://proxy.corp.example:21", "http://proxy.corp.example",
            "http://proxy.corp.example:3128/some/path", "http://proxy.corp.example:3128?x=1", "http:// not a url"})
    void aBadProxyUrlIsRefusedNamingTheField(String url) {
        Map<String, String> props = minimal();
        props.put(MetronomeConnectionConfig.PROXY_URL, url);

        assertThatThrownBy(() -> new MetronomeSourceConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(MetronomeConnectionConfig.PROXY_URL);
        assertThatThrownBy(() -> new MetronomeSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(MetronomeConnectionConfig.PROXY_URL);
        assertThat(errors(new MetronomeSourceConnector().validate(props), MetronomeConnectionConfig.PROXY_URL))
                .isNotEmpty();
    }

    @Test
    void tlsToTheProxyIsRefusedWithTheReason() {
        Map<String, String> props = minimal();
        props.put(MetronomeConnectionConfig.PROXY_URL, "https://proxy.corp.example:3129");

        assertThatThrownBy(() -> new MetronomeSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(MetronomeConnectionConfig.PROXY_URL)
                .hasMessageContaining("TLS to the proxy is not supported; use its http:// port");
    }

    @Test
    void credentialsInTheProxyUrlAreRefusedWithoutRepeatingThem() {
        Map<String, String> props = minimal();
        props.put(MetronomeConnectionConfig.PROXY_URL, "http://connect:" + PROXY_PASSWORD + "@proxy.corp.example:3128");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new MetronomeSourceConfig(props));

        assertThat(e).hasMessageContaining(MetronomeConnectionConfig.PROXY_URL)
                .hasMessageContaining(MetronomeConnectionConfig.PROXY_USERNAME);
        assertThat(everythingPrinted(e)).doesNotContain(PROXY_PASSWORD);
        assertThat(errors(new MetronomeSourceConnector().validate(props), MetronomeConnectionConfig.PROXY_URL))
                .isNotEmpty().noneMatch(message -> message.contains(PROXY_PASSWORD));
    }

    @Test
    void aMissingTrustStoreFileIsRefusedNamingTheField() {
        Map<String, String> props = minimal();
        props.put(MetronomeConnectionConfig.TRUSTSTORE_LOCATION, dir.resolve("no-such-truststore.p12").toString());
        props.put(MetronomeConnectionConfig.TRUSTSTORE_PASSWORD, TRUSTSTORE_PASSWORD);

        assertThatThrownBy(() -> new MetronomeSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(MetronomeConnectionConfig.TRUSTSTORE_LOCATION)
                .hasMessageContaining("no such file")
                .hasMessageNotContaining(TRUSTSTORE_PASSWORD);
        assertThat(errors(new MetronomeSinkConnector().validate(props), MetronomeConnectionConfig.TRUSTSTORE_LOCATION))
                .singleElement().asString().contains("no such file");
    }

    @Test
    void aTrustStoreThatDoesNotOpenWithItsPasswordIsRefusedNamingTheLocationNotThePassword() {
        String wrongPassword = "not-the-truststore-password-77";
        Map<String, String> props = minimal();
        props.put(MetronomeConnectionConfig.TRUSTSTORE_LOCATION, trustStore.toString());
        props.put(MetronomeConnectionConfig.TRUSTSTORE_PASSWORD, wrongPassword);

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new MetronomeSourceConfig(props).clientSettings());

        assertThat(e).hasMessageContaining(MetronomeConnectionConfig.TRUSTSTORE_LOCATION)
                .hasMessageContaining(trustStore.toString());
        assertThat(everythingPrinted(e)).doesNotContain(wrongPassword).doesNotContain(TRUSTSTORE_PASSWORD);

        Config validated = new MetronomeSourceConnector().validate(props);
        assertThat(errors(validated, MetronomeConnectionConfig.TRUSTSTORE_LOCATION)).singleElement().asString()
                .contains("cannot open").doesNotContain(wrongPassword);
        assertThat(errors(validated, MetronomeConnectionConfig.API_URL)).isEmpty(); // no probe with a broken store
    }

    @Test
    void aFileThatIsNoTrustStoreIsRefusedNamingTheLocation() throws Exception {
        Path notAStore = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nnot really\n");
        Map<String, String> props = minimal();
        props.put(MetronomeConnectionConfig.TRUSTSTORE_LOCATION, notAStore.toString());

        assertThat(errors(new MetronomeSinkConnector().validate(props), MetronomeConnectionConfig.TRUSTSTORE_LOCATION))
                .singleElement().asString().contains("cannot open " + notAStore + " as a PKCS12 trust store");
    }

    @Test
    void anUnknownTrustStoreTypeIsRefused() {
        Map<String, String> props = minimal();
        props.put(MetronomeConnectionConfig.TRUSTSTORE_TYPE, "PEM");

        assertThatThrownBy(() -> new MetronomeSourceConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(MetronomeConnectionConfig.TRUSTSTORE_TYPE);
    }

    @Test
    void proxyCredentialsNeedAProxyUrl() {
        Map<String, String> props = minimal();
        props.put(MetronomeConnectionConfig.PROXY_USERNAME, "connect");
        props.put(MetronomeConnectionConfig.PROXY_PASSWORD, PROXY_PASSWORD);

        assertThatThrownBy(() -> new MetronomeSourceConfig(props).clientSettings())
                .isInstanceOf(ConfigException.class).hasMessageContaining(MetronomeConnectionConfig.PROXY_USERNAME)
                .hasMessageContaining(MetronomeConnectionConfig.PROXY_URL).hasMessageNotContaining(PROXY_PASSWORD);
        assertThat(errors(new MetronomeSourceConnector().validate(props), MetronomeConnectionConfig.PROXY_USERNAME))
                .singleElement().asString().contains(MetronomeConnectionConfig.PROXY_URL);
    }

    @Test
    void settingsThatAreRightReachTheClientWithoutShowingPasswords() {
        Map<String, String> props = minimal();
        props.put(MetronomeConnectionConfig.PROXY_URL, "http://proxy.corp.example:3128");
        props.put(MetronomeConnectionConfig.PROXY_USERNAME, "connect");
        props.put(MetronomeConnectionConfig.PROXY_PASSWORD, PROXY_PASSWORD);
        props.put(MetronomeConnectionConfig.TRUSTSTORE_LOCATION, trustStore.toString());
        props.put(MetronomeConnectionConfig.TRUSTSTORE_PASSWORD, TRUSTSTORE_PASSWORD);

        MetronomeClientSettings settings = new MetronomeSinkConfig(props).clientSettings();

        assertThat(settings.proxy()).isEqualTo(new ProxySettings(URI.create("http://proxy.corp.example:3128"),
                "connect", PROXY_PASSWORD));
        assertThat(settings.tls()).isEqualTo(TlsSettings.trustStore(trustStore, "PKCS12", TRUSTSTORE_PASSWORD));
        assertThat(settings.toString()).doesNotContain(PROXY_PASSWORD).doesNotContain(TRUSTSTORE_PASSWORD)
                .doesNotContain(TOKEN);
    }

    @Test
    void leftEmptyTheJvmsProxyAndTrustApply() {
        Map<String, String> props = minimal();
        props.put(MetronomeConnectionConfig.PROXY_URL, "");
        props.put(MetronomeConnectionConfig.TRUSTSTORE_LOCATION, "");

        MetronomeClientSettings settings = new MetronomeSourceConfig(props).clientSettings();

        assertThat(settings.proxy()).isEqualTo(ProxySettings.JVM_DEFAULT);
        assertThat(settings.tls()).isEqualTo(TlsSettings.JVM_DEFAULT);
        assertThat(new MetronomeSourceConfig(minimal()).clientSettings().proxy())
                .isEqualTo(ProxySettings.JVM_DEFAULT);
    }

    @Test
    void validationGoesThroughTheProxyAndBlamesItsCredentialsOn407() {
        MetronomeEmulator emulator = EMULATOR.emulator();
        try (TestForwardProxy proxy = TestForwardProxy.start("connect", PROXY_PASSWORD)) {
            Map<String, String> props = minimal();
            props.put(MetronomeConnectionConfig.API_URL, emulator.baseUrl());
            props.put(MetronomeConnectionConfig.PROXY_URL, proxy.url());
            props.put(MetronomeConnectionConfig.PROXY_USERNAME, "connect");
            props.put(MetronomeConnectionConfig.PROXY_PASSWORD, "wrong-" + PROXY_PASSWORD);

            Config refused = new MetronomeSinkConnector().validate(props);

            assertThat(errors(refused, MetronomeConnectionConfig.PROXY_USERNAME)).singleElement().asString()
                    .contains("407").doesNotContain(PROXY_PASSWORD);
            assertThat(errors(refused, MetronomeConnectionConfig.API_URL)).isEmpty();

            props.put(MetronomeConnectionConfig.PROXY_PASSWORD, PROXY_PASSWORD);
            Config accepted = new MetronomeSinkConnector().validate(props);

            assertThat(accepted.configValues().stream().flatMap(value -> value.errorMessages().stream())).isEmpty();
            assertThat(proxy.requests()).contains("GET " + emulator.baseUrl() + "/v1/customers 200");
        }
    }

    @Test
    void validationBlamesTheProxyUrlWhenTheProxyRefusesTheTunnel() {
        try (TestForwardProxy proxy = TestForwardProxy.startRefusingTunnels()) {
            Map<String, String> props = minimal();
            props.put(MetronomeConnectionConfig.API_URL, "https://127.0.0.1:9"); // the proxy refuses before connecting
            props.put(MetronomeConnectionConfig.PROXY_URL, proxy.url());

            Config refused = new MetronomeSourceConnector().validate(props);

            assertThat(errors(refused, MetronomeConnectionConfig.PROXY_URL)).singleElement().asString()
                    .contains("the proxy refused to reach Metronome").contains("HTTP 403");
            assertThat(errors(refused, MetronomeConnectionConfig.API_URL)).isEmpty();
            assertThat(errors(refused, MetronomeConnectionConfig.API_TOKEN)).isEmpty();
        }
    }

    private static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put(MetronomeConnectionConfig.API_TOKEN, TOKEN);
        props.put("results.bootstrap.servers", "localhost:9092"); // required by the sink
        return props;
    }

    private static List<String> errors(Config validated, String field) {
        return validated.configValues().stream().filter(value -> value.name().equals(field))
                .map(ConfigValue::errorMessages).flatMap(List::stream).collect(Collectors.toList());
    }

    private static String everythingPrinted(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out + "\n" + e;
    }
}
