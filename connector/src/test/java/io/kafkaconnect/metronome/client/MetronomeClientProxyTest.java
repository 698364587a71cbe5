package io.kafkaconnect.metronome.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.kafkaconnect.metronome.client.MetronomeRequests.CustomerQuery;
import io.kafkaconnect.metronome.client.model.CustomerDetail;
import io.kafkaconnect.metronome.client.model.Page;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import io.kafkaconnect.metronome.testkit.TestForwardProxy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Through a real forward proxy (Jetty, in a child JVM) to the emulator over plain http: the client's requests go
 * through the configured proxy, else through the JVM's proxy properties; a proxy that wants Basic credentials gets
 * them, and without the right ones the client fails with a 407 that names no password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetronomeClientProxyTest {

    private static final String TOKEN = "proxy-test-token-0123456789";
    private static final String PROXY_USER = "connect";
    private static final String PROXY_PASSWORD = "proxy-password-s3cret-4711";
    private static final List<String> JVM_PROXY_PROPERTIES = List.of("http.proxyHost", "http.proxyPort",
            "http.nonProxyHosts", "https.proxyHost", "https.proxyPort");
    private static final RetryPolicy ONE_ATTEMPT = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension(TOKEN);

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private TestForwardProxy openProxy;
    private TestForwardProxy authenticatingProxy;
    private final Map<String, String> savedProperties = new HashMap<>();

    @BeforeAll
    void startProxies() {
        openProxy = TestForwardProxy.start();
        authenticatingProxy = TestForwardProxy.start(PROXY_USER, PROXY_PASSWORD);
    }

    @AfterAll
    void stopProxies() {
        openProxy.close();
        authenticatingProxy.close();
    }

    @BeforeEach
    void clearProxyLogsAndSaveJvmProperties() {
        openProxy.clearRequests();
        authenticatingProxy.clearRequests();
        JVM_PROXY_PROPERTIES.forEach(name -> savedProperties.put(name, System.getProperty(name)));
    }

    @AfterEach
    void restoreJvmProperties() {
        savedProperties.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void requestsGoThroughTheConfiguredProxy(CallMode mode) {
        emulator.bulkCreateCustomers(3, "Behind a proxy ", null);

        try (MetronomeClient client = new MetronomeClient(settings(ProxySettings.of(URI.create(openProxy.url()))))) {
            Page<CustomerDetail> page = mode.call(client, MetronomeRequests.listCustomers(CustomerQuery.page(10, null,
                    false)));

            assertThat(page.data()).extracting(CustomerDetail::name)
                    .containsExactlyInAnyOrder("Behind a proxy 0", "Behind a proxy 1", "Behind a proxy 2");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(openProxy.requests())
                .containsExactly("GET " + emulator.baseUrl() + "/v1/customers 200"));
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void withoutAnyProxyRequestsGoStraightToMetronome(CallMode mode) {
        try (MetronomeClient client = new MetronomeClient(settings(ProxySettings.JVM_DEFAULT))) {
            mode.call(client, MetronomeRequests.listCustomers(CustomerQuery.page(10, null, false)));
        }
        assertThat(emulator.requestCounts()).containsEntry("GET /v1/customers", 1L);
        assertThat(openProxy.requests()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void theProxyGetsItsCredentialsWhenItAsksForThem(CallMode mode) {
        emulator.bulkCreateCustomers(1, "Authenticated ", null);
        ProxySettings proxy = ProxySettings.of(URI.create(authenticatingProxy.url()))
                .withCredentials(PROXY_USER, PROXY_PASSWORD);

        try (MetronomeClient client = new MetronomeClient(settings(proxy))) {
            Page<CustomerDetail> page = mode.call(client, MetronomeRequests.listCustomers(CustomerQuery.page(10, null,
                    false)));

            assertThat(page.data()).extracting(CustomerDetail::name).containsExactly("Authenticated 0");
        }
        String forwarded = "GET " + emulator.baseUrl() + "/v1/customers ";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(authenticatingProxy.requests())
                .containsExactly(forwarded + "407", forwarded + "200")); // challenge, then the answer
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void withoutCredentialsTheProxyRefusesWith407(CallMode mode) {
        try (MetronomeClient client = new MetronomeClient(settings(ProxySettings.of(URI.create(authenticatingProxy.url()))))) {
            ProxyAuthenticationException e = catchThrowableOfType(ProxyAuthenticationException.class,
                    () -> mode.call(client, MetronomeRequests.listCustomers(CustomerQuery.page(10, null, false))));

            assertThat(e.getMessage()).startsWith("GET /v1/customers failed").contains("HTTP 407");
            assertThat(e.isRetriable()).isTrue(); // a proxy problem must never reject data
        }
        assertThat(emulator.requestCounts()).doesNotContainKey("GET /v1/customers");
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void wrongCredentialsFailWith407AndTheErrorNeverShowsThePassword(CallMode mode) {
        String wrongPassword = "wrong-proxy-password-0815";
        ProxySettings proxy = ProxySettings.of(URI.create(authenticatingProxy.url()))
                .withCredentials(PROXY_USER, wrongPassword);
        MetronomeClientSettings settings = settings(proxy);

        try (MetronomeClient client = new MetronomeClient(settings)) {
            ProxyAuthenticationException e = catchThrowableOfType(ProxyAuthenticationException.class,
                    () -> mode.call(client, MetronomeRequests.listCustomers(CustomerQuery.page(10, null, false))));

            assertThat(e.getMessage()).contains("HTTP 407");
            assertThat(everythingPrinted(e)).doesNotContain(wrongPassword).doesNotContain(PROXY_PASSWORD)
                    .doesNotContain(TOKEN);
        }
        assertThat(settings.toString()).doesNotContain(wrongPassword).contains("password=[hidden]");
        assertThat(emulator.requestCounts()).doesNotContainKey("GET /v1/customers");
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void theJvmProxyPropertiesApplyWhenNoProxyIsConfigured(CallMode mode) {
        useJvmProxy(openProxy);

        try (MetronomeClient client = new MetronomeClient(settings(ProxySettings.JVM_DEFAULT))) {
            mode.call(client, MetronomeRequests.listCustomers(CustomerQuery.page(10, null, false)));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(openProxy.requests())
                .containsExactly("GET " + emulator.baseUrl() + "/v1/customers 200"));
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void aConfiguredProxyWinsOverTheJvmProxyProperties(CallMode mode) {
        useJvmProxy(authenticatingProxy); // would answer 407: no credentials are configured for it

        try (MetronomeClient client = new MetronomeClient(settings(ProxySettings.of(URI.create(openProxy.url()))))) {
            mode.call(client, MetronomeRequests.listCustomers(CustomerQuery.page(10, null, false)));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(openProxy.requests())
                .containsExactly("GET " + emulator.baseUrl() + "/v1/customers 200"));
        assertThat(authenticatingProxy.requests()).isEmpty();
    }

    /**
     * Points the JVM's standard proxy properties at {@code proxy}. The JDK's default ProxySelector does not proxy
     * localhost, 127.* and [::1] unless {@code http.nonProxyHosts} is set to the empty string: unset, or set to a
     * list, those defaults apply (the JDK appends them to any list).
     */
    private static void useJvmProxy(TestForwardProxy proxy) {
        System.setProperty("http.proxyHost", proxy.host());
        System.setProperty("http.proxyPort", String.valueOf(proxy.port()));
        System.setProperty("http.nonProxyHosts", "");
    }

    private MetronomeClientSettings settings(ProxySettings proxy) {
        return MetronomeClientSettings.of(emulator.baseUrl(), TOKEN).withRetryPolicy(ONE_ATTEMPT).withProxy(proxy);
    }

    /** Message, toString and the whole printed stack trace with causes: where a secret would show in a log. */
    static String everythingPrinted(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out + "\n" + e;
    }
}
