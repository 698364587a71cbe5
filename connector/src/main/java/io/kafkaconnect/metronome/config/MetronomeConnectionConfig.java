package io.kafkaconnect.metronome.config;

import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.RetryPolicy;
import io.kafkaconnect.metronome.config.Validators.HttpUrlValidator;
import io.kafkaconnect.metronome.config.Validators.ProxyUrlValidator;
import io.kafkaconnect.metronome.config.Validators.ReadableFileValidator;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * What the source and the sink connector's configs share: the "Metronome API" settings, and the task properties their
 * connectors set (see {@link RequestBudget}).
 */
public abstract class MetronomeConnectionConfig extends AbstractConfig {

    public static final String GROUP = "Metronome API";
    public static final String NETWORK_GROUP = "Metronome API: network";

    public static final String API_URL = "metronome.api.url";
    public static final String API_TOKEN = "metronome.api.token";
    public static final String CONNECT_TIMEOUT_MS = "metronome.connect.timeout.ms";
    public static final String RESPONSE_TIMEOUT_MS = "metronome.response.timeout.ms";
    public static final String MAX_ATTEMPTS = "metronome.retry.max.attempts";
    public static final String RETRY_BACKOFF_MS = "metronome.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "metronome.retry.backoff.max.ms";
    public static final String REQUESTS_PER_SECOND = "metronome.requests.per.second";
    public static final String MAX_CONNECTIONS = "metronome.max.connections";

    public static final String PROXY_URL = "metronome.proxy.url";
    public static final String PROXY_USERNAME = "metronome.proxy.username";
    public static final String PROXY_PASSWORD = "metronome.proxy.password";
    public static final String TRUSTSTORE_LOCATION = "metronome.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "metronome.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "metronome.ssl.truststore.type";

    /** The connector's name when the config has none (a task started without its connector, in tests). */
    private final String defaultName;

    protected MetronomeConnectionConfig(ConfigDef definition, Map<?, ?> originals, String defaultName) {
        super(definition, originals);
        this.defaultName = defaultName;
    }

    /** Adds the shared settings to a connector's {@link ConfigDef}. */
    public static ConfigDef addTo(ConfigDef def) {
        return addNetwork(addApi(def));
    }

    private static ConfigDef addApi(ConfigDef def) {
        int order = 0;
        return def
                .define(API_URL, Type.STRING, "https://api.metronome.com", new HttpUrlValidator(), Importance.HIGH,
                        "Base URL of the Metronome API (no trailing /v1).", GROUP, ++order, Width.LONG, "API URL")
                .define(API_TOKEN, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonNullValidator(),
                        Importance.HIGH, "Metronome API bearer token. Use a config provider, e.g. "
                                + "${file:/etc/kafka/secrets.properties:metronome.token}; it is never logged.",
                        GROUP, ++order, Width.LONG, "API token")
                .define(CONNECT_TIMEOUT_MS, Type.INT, 10_000, Range.between(100, 300_000), Importance.LOW,
                        "TCP connect timeout for calls to Metronome.", GROUP, ++order, Width.SHORT, "Connect timeout (ms)")
                .define(RESPONSE_TIMEOUT_MS, Type.INT, 60_000, Range.between(100, 600_000), Importance.LOW,
                        "How long to wait for Metronome's response.", GROUP, ++order, Width.SHORT, "Response timeout (ms)")
                .define(MAX_ATTEMPTS, Type.INT, 5, Range.between(1, 100), Importance.MEDIUM,
                        "Attempts per API call (the first included) on connection errors, 408, 429 and 5xx before the "
                                + "call fails; the tasks then back off and try again later without losing data.",
                        GROUP, ++order, Width.SHORT, "Max attempts")
                .define(RETRY_BACKOFF_MS, Type.LONG, 500L, Range.between(1, 600_000), Importance.LOW,
                        "Initial backoff between attempts; doubles per attempt, with up to 25% jitter. "
                                + "A Retry-After header from Metronome takes precedence.",
                        GROUP, ++order, Width.SHORT, "Retry backoff (ms)")
                .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 8_000L, Range.between(1, 3_600_000), Importance.LOW,
                        "Upper bound of the exponential backoff.", GROUP, ++order, Width.SHORT, "Max backoff (ms)")
                .define(REQUESTS_PER_SECOND, Type.DOUBLE, 50.0, Range.atLeast(0.0), Importance.MEDIUM,
                        "Request budget of the whole connector, shared by its tasks; 0 means unlimited. Metronome "
                                + "publishes no limits, so set this to what your account allows.",
                        GROUP, ++order, Width.SHORT, "Requests per second")
                .define(MAX_CONNECTIONS, Type.INT, 64, Range.between(1, 1024), Importance.LOW,
                        "Size of each task's HTTP connection pool.", GROUP, ++order, Width.SHORT, "Max connections");
    }

    private static ConfigDef addNetwork(ConfigDef def) {
        int order = 0;
        return def
                .define(PROXY_URL, Type.STRING, null, new ProxyUrlValidator(), Importance.MEDIUM,
                        "HTTP proxy for every call to Metronome, e.g. http://proxy.corp.example:3128; https calls go "
                                + "through a CONNECT tunnel, so they stay TLS end to end. TLS to the proxy itself "
                                + "(https://) is not supported. Empty: the worker JVM's standard proxy properties apply (https.proxyHost, https.proxyPort, "
                                + "http.proxyHost, http.proxyPort, http.nonProxyHosts), as for any Java program; set "
                                + "here, this proxy wins over them. Credentials go in " + PROXY_USERNAME + " and "
                                + PROXY_PASSWORD + ", not in the URL.",
                        NETWORK_GROUP, ++order, Width.LONG, "Proxy URL")
                .define(PROXY_USERNAME, Type.STRING, null, Importance.MEDIUM,
                        "Username for the proxy's Basic authentication (sent when the proxy answers 407, CONNECT "
                                + "included; to no one else). Needs " + PROXY_URL + ".",
                        NETWORK_GROUP, ++order, Width.MEDIUM, "Proxy username")
                .define(PROXY_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                        "Password for the proxy's Basic authentication; never logged. Use a config provider, e.g. "
                                + "${file:/etc/kafka/secrets.properties:proxy.password}.",
                        NETWORK_GROUP, ++order, Width.MEDIUM, "Proxy password")
                .define(TRUSTSTORE_LOCATION, Type.STRING, null, new ReadableFileValidator(), Importance.MEDIUM,
                        "Trust store file on every worker with the certificates to trust for Metronome's TLS "
                                + "certificate, e.g. a corporate CA that re-signs outgoing traffic. "
                                + "Set, only these certificates are trusted; empty: the JVM's default trust "
                                + "(cacerts, or javax.net.ssl.trustStore). Checked when the connector is validated: "
                                + "the file must open with " + TRUSTSTORE_TYPE + " and " + TRUSTSTORE_PASSWORD + ".",
                        NETWORK_GROUP, ++order, Width.LONG, "Trust store location")
                .define(TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                        "Password of the trust store; never logged. Empty for a store without one.",
                        NETWORK_GROUP, ++order, Width.MEDIUM, "Trust store password")
                .define(TRUSTSTORE_TYPE, Type.STRING, "PKCS12", ConfigDef.ValidString.in("PKCS12", "JKS"),
                        Importance.LOW, "Format of the trust store file.",
                        NETWORK_GROUP, ++order, Width.SHORT, "Trust store type");
    }

    /**
     * How to reach Metronome.
     *
     * @throws ConfigException naming the proxy or trust store field at fault (see {@link NetworkSettings#read})
     */
    public MetronomeClientSettings clientSettings() {
        NetworkSettings network = NetworkSettings.read(values());
        return new MetronomeClientSettings(
                URI.create(getString(API_URL)),
                getPassword(API_TOKEN).value(),
                Duration.ofMillis(getInt(CONNECT_TIMEOUT_MS)),
                Duration.ofMillis(getInt(RESPONSE_TIMEOUT_MS)),
                new RetryPolicy(getInt(MAX_ATTEMPTS), Duration.ofMillis(getLong(RETRY_BACKOFF_MS)),
                        Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS))),
                getInt(MAX_CONNECTIONS),
                network.proxy(),
                network.tls());
    }

    /** The whole connector's request budget; 0 for unlimited. */
    public double requestsPerSecond() {
        return getDouble(REQUESTS_PER_SECOND);
    }

    /** This task's share of {@link #requestsPerSecond()}, as its connector split it. */
    public double taskRequestsPerSecond() {
        String share = originalsStrings().get(RequestBudget.TASK_REQUESTS_PER_SECOND);
        return share == null ? requestsPerSecond() / taskCount() : Double.parseDouble(share);
    }

    public int taskIndex() {
        return Integer.parseInt(originalsStrings().getOrDefault(RequestBudget.TASK_INDEX, "0"));
    }

    public int taskCount() {
        return Integer.parseInt(originalsStrings().getOrDefault(RequestBudget.TASK_COUNT, "1"));
    }

    /** The connector's name, which its tasks' metrics carry. */
    public String connectorName() {
        Map<String, String> originals = originalsStrings();
        return originals.getOrDefault(RequestBudget.CONNECTOR_NAME, originals.getOrDefault("name", defaultName));
    }

    /** The key under which the connector's tasks in one worker share one rate limiter. */
    public String rateLimitKey() {
        return defaultName + "/" + connectorName();
    }
}
