package io.kafkaconnect.metronome.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The emulator's TLS identity, from a keystore file (PKCS12 or JKS) holding its private key and certificate, so that
 * clients can be tested against {@code https://} with a trust store of their own.
 */
public final class EmulatorTls {

    private final SSLContext sslContext;

    private EmulatorTls(SSLContext sslContext) {
        this.sslContext = sslContext;
    }

    /**
     * Loads the keystore now, so a wrong file or password fails here rather than at the first handshake.
     *
     * @param password the keystore's password, also the key's (as keytool makes PKCS12 keystores)
     */
    public static EmulatorTls fromKeyStore(Path keyStore, char[] password) {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password");
        try {
            KeyStore store = KeyStore.getInstance(keyStore.toFile(), password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return new EmulatorTls(context);
        } catch (IOException e) {
            // The password is never part of the message.
            throw new UncheckedIOException("Cannot read the TLS keystore " + keyStore + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot use the TLS keystore " + keyStore + ": " + e.getMessage(), e);
        }
    }

    public SSLContext sslContext() {
        return sslContext;
    }
}
