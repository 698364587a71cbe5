package io.kafkaconnect.metronome.client;

import static io.kafkaconnect.metronome.client.MetronomeClientProxyTest.everythingPrinted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.kafkaconnect.metronome.client.MetronomeRequests.CustomerQuery;
import io.kafkaconnect.metronome.client.model.CustomerDetail;
import io.kafkaconnect.metronome.client.model.Page;
import io.kafkaconnect.metronome.emulator.EmulatorTls;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.processes.SelfSignedCertificate;
import io.kafkaconnect.metronome.testkit.TestForwardProxy;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Against the emulator over https with a self-signed certificate (keytool, at test time): the JVM's default trust
 * refuses it, a trust store holding it is trusted by both the classic and the async client, directly and through a
 * CONNECT tunnel of a real proxy that wants credentials.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetronomeClientTlsTest {

    private static final String TOKEN = "tls-test-token-0123456789";
    private static final String KEYSTORE_PASSWORD = "server-keystore-s3cret-1";
    private static final String TRUSTSTORE_PASSWORD = "truststore-s3cret-2718";
    private static final String PROXY_USER = "connect";
    private static final String PROXY_PASSWORD = "proxy-password-s3cret-3141";
    private static final RetryPolicy ONE_ATTEMPT = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    @TempDir
    static Path dir;
    private Path pkcs12TrustStore;
    private Path jksTrustStore;
    private MetronomeEmulator emulator;
    private TestForwardProxy proxy;
    private TestForwardProxy refusingProxy;

    @BeforeAll
    void startHttpsEmulatorAndProxy() {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir, KEYSTORE_PASSWORD);
        pkcs12TrustStore = certificate.writeTrustStore(dir.resolve("trust.p12"), "PKCS12", TRUSTSTORE_PASSWORD);
        jksTrustStore = certificate.writeTrustStore(dir.resolve("trust.jks"), "JKS", TRUSTSTORE_PASSWORD);
        emulator = new MetronomeEmulator(InetAddress.getLoopbackAddress(), 0, TOKEN,
                EmulatorTls.fromKeyStore(certificate.keyStore(), KEYSTORE_PASSWORD.toCharArray())).start();
        proxy = TestForwardProxy.start(PROXY_USER, PROXY_PASSWORD);
        refusingProxy = TestForwardProxy.startRefusingTunnels();
    }

    @AfterAll
    void stop() {
        emulator.close();
        proxy.close();
        refusingProxy.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
        proxy.clearRequests();
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void theJvmsDefaultTrustRefusesTheCertificate(CallMode mode) {
        try (MetronomeClient client = new MetronomeClient(settings())) {
            MetronomeTransportException e = catchThrowableOfType(MetronomeTransportException.class,
                    () -> mode.call(client, listCustomers()));

            assertThat(causes(e)).hasAtLeastOneElementOfType(SSLHandshakeException.class);
            assertThat(e).hasRootCauseInstanceOf(CertPathBuilderException.class);
            assertThat(e.getMessage()).startsWith("GET /v1/customers failed: SSLHandshakeException")
                    .contains("unable to find valid certification path");
        }
        assertThat(emulator.requestCounts()).doesNotContainKey("GET /v1/customers");
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void aTrustStoreWithTheCertificateLetsTheClientListCustomers(CallMode mode) {
        emulator.bulkCreateCustomers(2, "Over TLS ", null);
        TlsSettings tls = TlsSettings.trustStore(pkcs12TrustStore, "PKCS12", TRUSTSTORE_PASSWORD);

        try (MetronomeClient client = new MetronomeClient(settings().withTls(tls))) {
            Page<CustomerDetail> page = mode.call(client, listCustomers());

            assertThat(page.data()).extracting(CustomerDetail::name).containsExactlyInAnyOrder("Over TLS 0", "Over TLS 1");
        }
        assertThat(tls.toString()).doesNotContain(TRUSTSTORE_PASSWORD).contains("password=[hidden]");
    }

    @Test
    void aJksTrustStoreWorksToo() {
        emulator.bulkCreateCustomers(1, "JKS ", null);
        TlsSettings tls = TlsSettings.trustStore(jksTrustStore, "JKS", TRUSTSTORE_PASSWORD);

        try (MetronomeClient client = new MetronomeClient(settings().withTls(tls))) {
            assertThat(client.execute(listCustomers()).data()).extracting(CustomerDetail::name).containsExactly("JKS 0");
        }
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void httpsGoesThroughTheProxysConnectTunnelWithItsCredentials(CallMode mode) {
        emulator.bulkCreateCustomers(1, "Tunnelled ", null);
        MetronomeClientSettings settings = settings()
                .withTls(TlsSettings.trustStore(pkcs12TrustStore, "PKCS12", TRUSTSTORE_PASSWORD))
                .withProxy(ProxySettings.of(URI.create(proxy.url())).withCredentials(PROXY_USER, PROXY_PASSWORD));

        try (MetronomeClient client = new MetronomeClient(settings)) {
            Page<CustomerDetail> page = mode.call(client, listCustomers());

            assertThat(page.data()).extracting(CustomerDetail::name).containsExactly("Tunnelled 0");
        }
        String tunnel = "CONNECT 127.0.0.1:" + emulator.port() + " ";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(proxy.requests())
                .containsExactly(tunnel + "407", tunnel + "200")); // challenge, then the tunnel
        assertThat(settings.toString()).doesNotContain(PROXY_PASSWORD).doesNotContain(TRUSTSTORE_PASSWORD);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void aConnectRefusedWith407NamesNoPassword(CallMode mode) {
        String wrongPassword = "wrong-proxy-password-2024";
        MetronomeClientSettings settings = settings()
                .withTls(TlsSettings.trustStore(pkcs12TrustStore, "PKCS12", TRUSTSTORE_PASSWORD))
                .withProxy(ProxySettings.of(URI.create(proxy.url())).withCredentials(PROXY_USER, wrongPassword));

        try (MetronomeClient client = new MetronomeClient(settings)) {
            ProxyAuthenticationException e = catchThrowableOfType(ProxyAuthenticationException.class,
                    () -> mode.call(client, listCustomers()));

            assertThat(e.getMessage()).contains("HTTP 407");
            assertThat(everythingPrinted(e)).doesNotContain(wrongPassword).doesNotContain(PROXY_PASSWORD)
                    .doesNotContain(TRUSTSTORE_PASSWORD).doesNotContain(TOKEN);
        }
        assertThat(proxy.requests()).allMatch(line -> line.endsWith(" 407"));
        assertThat(emulator.requestCounts()).doesNotContainKey("GET /v1/customers");
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void metronomesErrorsOverHttpsStayMetronomesDirectlyAndThroughTheTunnel(CallMode mode) {
        TlsSettings tls = TlsSettings.trustStore(pkcs12TrustStore, "PKCS12", TRUSTSTORE_PASSWORD);
        ProxySettings tunnel = ProxySettings.of(URI.create(proxy.url())).withCredentials(PROXY_USER, PROXY_PASSWORD);

        for (MetronomeClientSettings settings : List.of(settings().withTls(tls), settings().withTls(tls).withProxy(tunnel))) {
            try (MetronomeClient client = new MetronomeClient(settings)) {
                MetronomeApiException.NotFoundException e = catchThrowableOfType(
                        MetronomeApiException.NotFoundException.class,
                        () -> mode.call(client, MetronomeRequests.retrieveCustomer("no-such-customer")));

                assertThat(e.apiMessage()).isEqualTo("Customer not found");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void aTunnelThatTheProxyRefusesIsNotTakenForMetronomesAnswer(CallMode mode) {
        MetronomeClientSettings settings = settings()
                .withTls(TlsSettings.trustStore(pkcs12TrustStore, "PKCS12", TRUSTSTORE_PASSWORD))
                .withProxy(ProxySettings.of(URI.create(refusingProxy.url())));

        try (MetronomeClient client = new MetronomeClient(settings)) {
            ProxyRefusedException e = catchThrowableOfType(ProxyRefusedException.class,
                    () -> mode.call(client, listCustomers()));

            assertThat(e.status()).isEqualTo(403); // not an UnauthorizedException: Metronome never saw the token
            assertThat(e.getMessage()).isEqualTo("GET /v1/customers failed: the proxy refused the tunnel to Metronome "
                    + "(HTTP 403 Forbidden)");
            assertThat(e.isRetriable()).isTrue();
        }
        assertThat(emulator.requestCounts()).doesNotContainKey("GET /v1/customers");
    }

    private MetronomeClientSettings settings() {
        return MetronomeClientSettings.of(emulator.baseUrl(), TOKEN).withRetryPolicy(ONE_ATTEMPT);
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    private static ApiRequest<Page<CustomerDetail>> listCustomers() {
        return MetronomeRequests.listCustomers(CustomerQuery.page(10, null, false));
    }
}
