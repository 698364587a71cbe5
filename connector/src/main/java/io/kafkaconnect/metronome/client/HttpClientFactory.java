package io.kafkaconnect.metronome.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultProxyRoutePlanner;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.ssl.SSLContextBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * Builds a {@link MetronomeClient}'s HttpClient 5 async client: its connection pool (size, timeouts, trust), its route
 * (proxy, with its credentials) and one I/O thread (a second one gave no measurable gain in the usage bench, where
 * request bodies are written before they reach the client: {@link JsonBody}).
 */
final class HttpClientFactory {

    private final MetronomeClientSettings settings;
    /** Null for HttpClient's default, which is the JVM's default trust. */
    private final SSLContext sslContext;

    HttpClientFactory(MetronomeClientSettings settings) {
        this.settings = settings;
        this.sslContext = settings.tls().hasTrustStore() ? trusting(settings.tls()) : null;
    }

    CloseableHttpAsyncClient create() {
        PoolingAsyncClientConnectionManagerBuilder pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .setDefaultConnectionConfig(connectionConfig());
        if (sslContext != null) {
            pool.setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(sslContext).buildAsync());
        }
        return HttpAsyncClients.custom()
                .setConnectionManager(pool.build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
                .setRoutePlanner(routePlanner())
                .setDefaultCredentialsProvider(credentials())
                .setDefaultRequestConfig(requestConfig())
                .disableAutomaticRetries() // retries are ours: they must know Metronome's idempotency rules
                .disableRedirectHandling()
                .build();
    }

    /** The configured proxy; else whatever the JVM's default ProxySelector says at the time of each request. */
    private HttpRoutePlanner routePlanner() {
        ProxySettings proxy = settings.proxy();
        return proxy.isExplicit() ? new DefaultProxyRoutePlanner(proxyHost(proxy)) : new SystemDefaultRoutePlanner(null);
    }

    /** Answers the proxy's Basic challenge (for CONNECT too); nothing else gets these credentials. */
    private BasicCredentialsProvider credentials() {
        BasicCredentialsProvider provider = new BasicCredentialsProvider();
        ProxySettings proxy = settings.proxy();
        if (proxy.isExplicit() && proxy.hasCredentials()) {
            HttpHost host = proxyHost(proxy);
            provider.setCredentials(new AuthScope(host.getHostName(), host.getPort()),
                    new UsernamePasswordCredentials(proxy.username(),
                            proxy.password() == null ? new char[0] : proxy.password().toCharArray()));
        }
        return provider;
    }

    private static HttpHost proxyHost(ProxySettings proxy) {
        return new HttpHost("http", proxy.url().getHost(), proxy.url().getPort());
    }

    private static SSLContext trusting(TlsSettings tls) {
        try {
            return SSLContextBuilder.create().loadTrustMaterial(tls.loadTrustStore(), null).build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the trust store " + tls.trustStoreLocation() + ": "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot use the trust store " + tls.trustStoreLocation() + ": "
                    + e.getMessage(), e);
        }
    }

    private ConnectionConfig connectionConfig() {
        return ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                .setSocketTimeout(Timeout.of(settings.responseTimeout()))
                .build();
    }

    private RequestConfig requestConfig() {
        return RequestConfig.custom().setResponseTimeout(Timeout.of(settings.responseTimeout())).build();
    }
}
