package io.kafkaconnect.metronome.client;

import java.net.URI;

/**
 * The HTTP proxy between the client and Metronome. Without a URL the JVM's default {@link java.net.ProxySelector}
 * decides, as for any Java program: the standard {@code https.proxyHost}, {@code https.proxyPort},
 * {@code http.proxyHost}, {@code http.proxyPort} and {@code http.nonProxyHosts} properties. With one, every request
 * goes through it: https targets through a CONNECT tunnel, http targets forwarded.
 *
 * @param url      {@code http://host:port}; null for the JVM's choice. Not {@code https://}: the async client cannot
 *                 tunnel TLS inside TLS to a proxy (HTTPCLIENT-2369)
 * @param username for Basic proxy authentication (CONNECT included), or null
 * @param password never part of {@link #toString()}
 */
public record ProxySettings(URI url, String username, String password) {

    /** No proxy of our own: the JVM's proxy properties apply. */
    public static final ProxySettings JVM_DEFAULT = new ProxySettings(null, null, null);

    public ProxySettings {
        if (url != null && (!"http".equals(url.getScheme()) || url.getHost() == null || url.getPort() < 1)) {
            throw new IllegalArgumentException("the proxy URL must be http://host:port: " + url.getScheme() + "://"
                    + url.getHost() + ":" + url.getPort());
        }
        if (url == null && username != null) {
            throw new IllegalArgumentException("proxy credentials need a proxy URL");
        }
        if (username == null && password != null) {
            throw new IllegalArgumentException("a proxy password needs a proxy username");
        }
    }

    public static ProxySettings of(URI url) {
        return new ProxySettings(url, null, null);
    }

    public ProxySettings withCredentials(String user, String secret) {
        return new ProxySettings(url, user, secret);
    }

    /** Whether a proxy is configured here, rather than left to the JVM. */
    public boolean isExplicit() {
        return url != null;
    }

    public boolean hasCredentials() {
        return username != null;
    }

    @Override
    public String toString() {
        if (url == null) {
            return "ProxySettings[JVM default]";
        }
        return "ProxySettings[url=" + url + (username == null ? "" : ", username=" + username + ", password=[hidden]")
                + "]";
    }
}
