package io.kafkaconnect.metronome.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Objects;

/**
 * Which server certificates the client trusts: the JVM's default trust (its {@code cacerts}, or
 * {@code javax.net.ssl.trustStore}), or only those in a trust store file, e.g. a corporate CA that re-signs traffic.
 *
 * @param trustStoreLocation null for the JVM's default trust
 * @param trustStoreType     {@code PKCS12} or {@code JKS}
 * @param trustStorePassword null when the store has none; never part of {@link #toString()}
 */
public record TlsSettings(Path trustStoreLocation, String trustStoreType, String trustStorePassword) {

    public static final TlsSettings JVM_DEFAULT = new TlsSettings(null, null, null);

    public TlsSettings {
        if (trustStoreLocation != null) {
            Objects.requireNonNull(trustStoreType, "trustStoreType");
        }
    }

    public static TlsSettings trustStore(Path location, String type, String password) {
        return new TlsSettings(Objects.requireNonNull(location, "location"), type, password);
    }

    public boolean hasTrustStore() {
        return trustStoreLocation != null;
    }

    /** Opens the trust store file. Its exceptions' messages come from the JDK and never hold the password. */
    public KeyStore loadTrustStore() throws IOException, GeneralSecurityException {
        if (trustStoreLocation == null) {
            throw new IllegalStateException("no trust store configured");
        }
        KeyStore store = KeyStore.getInstance(trustStoreType);
        try (InputStream in = Files.newInputStream(trustStoreLocation)) {
            store.load(in, trustStorePassword == null ? null : trustStorePassword.toCharArray());
        }
        if (store.size() == 0) {
            throw new KeyStoreException("the trust store holds no certificate");
        }
        return store;
    }

    @Override
    public String toString() {
        return trustStoreLocation == null ? "TlsSettings[JVM default trust]"
                : "TlsSettings[trustStore=" + trustStoreLocation + ", type=" + trustStoreType + ", password=[hidden]]";
    }
}
