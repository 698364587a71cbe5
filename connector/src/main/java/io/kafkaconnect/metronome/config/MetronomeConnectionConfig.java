package io.kafkaconnect.metronome.config;

import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** The "Metronome API" settings that the source and the sink connector share. */
public final class MetronomeConnectionConfig {

    public static final String GROUP = "Metronome API";

    public static final String API_URL = "metronome.api.url";
    public static final String API_TOKEN = "metronome.api.token";
    public static final String CONNECT_TIMEOUT_MS = "metronome.connect.timeout.ms";
    public static final String RESPONSE_TIMEOUT_MS = "metronome.response.timeout.ms";
    public static final String MAX_ATTEMPTS = "metronome.retry.max.attempts";
    public static final String RETRY_BACKOFF_MS = "metronome.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "metronome.retry.backoff.max.ms";
    public static final String REQUESTS_PER_SECOND = "metronome.requests.per.second";
    public static final String MAX_CONNECTIONS = "metronome.max.connections";

    private MetronomeConnectionConfig() {
    }

    /** Adds the shared settings to a connector's {@link ConfigDef}. */
    public static ConfigDef addTo(ConfigDef def) {
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

    /** Client settings from a parsed connector config. */
    public static MetronomeClientSettings clientSettings(AbstractConfig config) {
        return new MetronomeClientSettings(
                URI.create(config.getString(API_URL)),
                config.getPassword(API_TOKEN).value(),
                Duration.ofMillis(config.getInt(CONNECT_TIMEOUT_MS)),
                Duration.ofMillis(config.getInt(RESPONSE_TIMEOUT_MS)),
                new RetryPolicy(config.getInt(MAX_ATTEMPTS), Duration.ofMillis(config.getLong(RETRY_BACKOFF_MS)),
                        Duration.ofMillis(config.getLong(RETRY_BACKOFF_MAX_MS))),
                config.getInt(MAX_CONNECTIONS));
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
}
