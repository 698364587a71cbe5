package io.kafkaconnect.metronome.config;

import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.RetryPolicy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** The "Metronome API" settings that the source and the sink connector share, and how they reach it. */
public final class MetronomeConnectionConfig {

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

    private MetronomeConnectionConfig() {
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
     * Client settings from a parsed connector config.
     *
     * @throws ConfigException naming the proxy or trust store field at fault (see {@link NetworkSettings#read})
     */
    public static MetronomeClientSettings clientSettings(AbstractConfig config) {
        NetworkSettings network = NetworkSettings.read(config.values());
        return new MetronomeClientSettings(
                URI.create(config.getString(API_URL)),
                config.getPassword(API_TOKEN).value(),
                Duration.ofMillis(config.getInt(CONNECT_TIMEOUT_MS)),
                Duration.ofMillis(config.getInt(RESPONSE_TIMEOUT_MS)),
                new RetryPolicy(config.getInt(MAX_ATTEMPTS), Duration.ofMillis(config.getLong(RETRY_BACKOFF_MS)),
                        Duration.ofMillis(config.getLong(RETRY_BACKOFF_MAX_MS))),
                config.getInt(MAX_CONNECTIONS),
                network.proxy(),
                network.tls());
    }

    /** Accepts absolute http(s) URLs only. */
    static final class HttpUrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "must be set");
            }
            try {
                URI uri = URI.create(value.toString());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new ConfigException(name, value, "must be an absolute http:// or https:// URL");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "is not a valid URL: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "absolute http(s) URL";
        }
    }

    /**
     * Accepts empty, or {@code http://host:port} with nothing else. Credentials in the URL are refused without
     * repeating the value, which would put the password in the error. {@code https://} is refused: HttpClient 5's
     * async client (the sink's) cannot open a TLS tunnel inside a TLS connection to the proxy (HTTPCLIENT-2369).
     */
    static final class ProxyUrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                return;
            }
            if (value.toString().contains("@")) {
                throw new ConfigException("Invalid value for configuration " + name + ": credentials are not accepted "
                        + "in the URL; set " + PROXY_USERNAME + " and " + PROXY_PASSWORD);
            }
            URI uri;
            try {
                uri = new URI(value.toString().strip());
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(name, value, "is not a valid URL");
            }
            if ("https".equals(uri.getScheme())) {
                throw new ConfigException(name, value, "TLS to the proxy is not supported; use its http:// port "
                        + "(calls to an https Metronome URL stay TLS end to end through the CONNECT tunnel)");
            }
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
                throw new ConfigException(name, value, "must be http://host:port");
            }
            if (!(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new ConfigException(name, value, "must be http://host:port, without a path");
            }
        }

        @Override
        public String toString() {
            return "empty, or http://host:port";
        }
    }

    /** Accepts empty, or the path of a readable regular file. */
    static final class ReadableFileValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                return;
            }
            Path file;
            try {
                file = Paths.get(value.toString().strip());
            } catch (java.nio.file.InvalidPathException e) {
                throw new ConfigException(name, value, "is not a valid path");
            }
            if (!Files.exists(file)) {
                throw new ConfigException(name, value, "no such file on this worker");
            }
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new ConfigException(name, value, "is not a readable file");
            }
        }

        @Override
        public String toString() {
            return "empty, or a readable file";
        }
    }
}
