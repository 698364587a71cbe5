package io.kafkaconnect.metronome.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Metronome. The token and the proxy and trust store passwords are never part of {@link #toString()}.
 *
 * @param maxConnections size of the connection pool, per route and in total
 * @param proxy          the proxy to go through, or {@link ProxySettings#JVM_DEFAULT}
 * @param tls            the certificates to trust, or {@link TlsSettings#JVM_DEFAULT}
 */
public record MetronomeClientSettings(
        URI baseUrl,
        String token,
        Duration connectTimeout,
        Duration responseTimeout,
        RetryPolicy retryPolicy,
        int maxConnections,
        ProxySettings proxy,
        TlsSettings tls) {

    public MetronomeClientSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(tls, "tls");
        String url = baseUrl.toString();
        if (url.endsWith("/")) {
            baseUrl = URI.create(url.substring(0, url.length() - 1));
        }
    }

    /** The JVM's proxy properties and default trust. */
    public MetronomeClientSettings(URI baseUrl, String token, Duration connectTimeout, Duration responseTimeout,
                                   RetryPolicy retryPolicy, int maxConnections) {
        this(baseUrl, token, connectTimeout, responseTimeout, retryPolicy, maxConnections, ProxySettings.JVM_DEFAULT,
                TlsSettings.JVM_DEFAULT);
    }

    public static MetronomeClientSettings of(String baseUrl, String token) {
        return new MetronomeClientSettings(URI.create(baseUrl), token, Duration.ofSeconds(10), Duration.ofSeconds(60),
                RetryPolicy.DEFAULT, 64);
    }

    public MetronomeClientSettings withRetryPolicy(RetryPolicy policy) {
        return new MetronomeClientSettings(baseUrl, token, connectTimeout, responseTimeout, policy, maxConnections,
                proxy, tls);
    }

    public MetronomeClientSettings withMaxConnections(int connections) {
        return new MetronomeClientSettings(baseUrl, token, connectTimeout, responseTimeout, retryPolicy, connections,
                proxy, tls);
    }

    public MetronomeClientSettings withProxy(ProxySettings proxySettings) {
        return new MetronomeClientSettings(baseUrl, token, connectTimeout, responseTimeout, retryPolicy, maxConnections,
                proxySettings, tls);
    }

    public MetronomeClientSettings withTls(TlsSettings tlsSettings) {
        return new MetronomeClientSettings(baseUrl, token, connectTimeout, responseTimeout, retryPolicy, maxConnections,
                proxy, tlsSettings);
    }

    @Override
    public String toString() {
        return "MetronomeClientSettings[baseUrl=" + baseUrl + ", token=[hidden], connectTimeout=" + connectTimeout
                + ", responseTimeout=" + responseTimeout + ", retryPolicy=" + retryPolicy
                + ", maxConnections=" + maxConnections + ", proxy=" + proxy + ", tls=" + tls + "]";
    }
}
