package io.kafkaconnect.metronome.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate for {@code 127.0.0.1} and {@code localhost} that no JVM trusts by default, made with the JDK's
 * {@code keytool}: a PKCS12 keystore with its key for a TLS server, and trust stores holding only the certificate for
 * its clients.
 */
public final class SelfSignedCertificate {

    private static final String ALIAS = "server";

    private final Path keyStore;
    private final String keyStorePassword;

    private SelfSignedCertificate(Path keyStore, String keyStorePassword) {
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword;
    }

    /** Writes {@code server.p12} (key and certificate, valid for two days) into {@code directory}. */
    public static SelfSignedCertificate generate(Path directory, String keyStorePassword) {
        Path keyStore = directory.resolve("server.p12");
        keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", keyStorePassword, "-keypass", keyStorePassword);
        return new SelfSignedCertificate(keyStore, keyStorePassword);
    }

    /** The server's keystore (PKCS12), whose key has the keystore's password. */
    public Path keyStore() {
        return keyStore;
    }

    /**
     * Writes a trust store holding only this certificate.
     *
     * @param type {@code PKCS12} or {@code JKS}
     */
    public Path writeTrustStore(Path file, String type, String password) {
        Path certificate = keyStore.resolveSibling("server-" + System.nanoTime() + ".crt");
        keytool("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(),
                "-storepass", keyStorePassword, "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", ALIAS, "-file", certificate.toString(),
                "-storetype", type, "-keystore", file.toString(), "-storepass", password);
        return file;
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed (exit " + process.exitValue() + "): "
                        + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running keytool", e);
        }
    }
}
