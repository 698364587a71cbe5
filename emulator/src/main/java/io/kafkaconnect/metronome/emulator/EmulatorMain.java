package io.kafkaconnect.metronome.emulator;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator standalone: {@code java -jar metronome-emulator.jar --port 8089 --token dev-token}.
 * The first line on stdout is the base URL, so scripts can start it with {@code --port 0} and read
 * where it listens. Defaults come from METRONOME_EMULATOR_HOST, METRONOME_EMULATOR_PORT and
 * METRONOME_EMULATOR_TOKEN; {@code --host 0.0.0.0} serves other containers. {@code --tls-keystore <file.p12>} serves
 * HTTPS with that keystore's key and certificate; its password comes from {@code --tls-keystore-password} or
 * METRONOME_EMULATOR_TLS_KEYSTORE_PASSWORD (which keeps it out of the process list). {@code --preview-events-form array}
 * (or METRONOME_EMULATOR_PREVIEW_EVENTS_FORM) answers preview events with {@code {data: [Invoice]}}, the SDKs' form,
 * instead of seed 004's {@code {data: Invoice}}. {@code --custom-field-key customer:tier} (repeatable; or
 * METRONOME_EMULATOR_CUSTOM_FIELD_KEYS=customer:tier,billable_metric:team) registers custom field keys from the
 * start and across resets, as Metronome refuses custom fields with unregistered keys.
 */
public final class EmulatorMain {
    private static final String USAGE = "usage: metronome-emulator [--host <bind address, default 127.0.0.1>] [--port <port, 0 for any free one>] [--token <bearer token>]"
            + " [--tls-keystore <PKCS12 or JKS keystore: serve HTTPS>] [--tls-keystore-password <password>]"
            + " [--preview-events-form <object (default) or array>]"
            + " [--custom-field-key <entity>:<key>]...";

    private EmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String port = envOr("METRONOME_EMULATOR_PORT", "8089");
        String token = envOr("METRONOME_EMULATOR_TOKEN", "dev-token");
        String host = envOr("METRONOME_EMULATOR_HOST", "127.0.0.1");
        String tlsKeyStore = envOr("METRONOME_EMULATOR_TLS_KEYSTORE", null);
        String tlsKeyStorePassword = envOr("METRONOME_EMULATOR_TLS_KEYSTORE_PASSWORD", "");
        String previewForm = envOr("METRONOME_EMULATOR_PREVIEW_EVENTS_FORM", PreviewResponseForm.OBJECT.wireName());
        List<String> customFieldKeys = new ArrayList<>();
        String keysFromEnv = envOr("METRONOME_EMULATOR_CUSTOM_FIELD_KEYS", null);
        if (keysFromEnv != null) {
            Arrays.stream(keysFromEnv.split(",")).map(String::trim).filter(key -> !key.isEmpty())
                    .forEach(customFieldKeys::add);
        }
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--port") && i + 1 < args.length) {
                port = args[++i];
            } else if (option.equals("--token") && i + 1 < args.length) {
                token = args[++i];
            } else if (option.equals("--host") && i + 1 < args.length) {
                host = args[++i];
            } else if (option.equals("--tls-keystore") && i + 1 < args.length) {
                tlsKeyStore = args[++i];
            } else if (option.equals("--tls-keystore-password") && i + 1 < args.length) {
                tlsKeyStorePassword = args[++i];
            } else if (option.equals("--preview-events-form") && i + 1 < args.length) {
                previewForm = args[++i];
            } else if (option.equals("--custom-field-key") && i + 1 < args.length) {
                customFieldKeys.add(args[++i]);
            } else {
                System.err.println(USAGE);
                System.exit(2);
            }
        }
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException notANumber) {
            System.err.println("Invalid port: " + port);
            System.exit(2);
            return;
        }

        PreviewResponseForm form;
        try {
            form = PreviewResponseForm.parse(previewForm);
        } catch (IllegalArgumentException unknown) {
            System.err.println(unknown.getMessage());
            System.exit(2);
            return;
        }

        InetAddress bindAddress;
        try {
            bindAddress = InetAddress.getByName(host);
        } catch (UnknownHostException unknown) {
            System.err.println("Invalid host: " + host);
            System.exit(2);
            return;
        }

        EmulatorTls tls = null;
        if (tlsKeyStore != null) {
            try {
                tls = EmulatorTls.fromKeyStore(Path.of(tlsKeyStore), tlsKeyStorePassword.toCharArray());
            } catch (UncheckedIOException | IllegalArgumentException unusable) {
                System.err.println(unusable.getMessage());
                System.exit(2);
                return;
            }
        }

        MetronomeEmulator emulator = new MetronomeEmulator(bindAddress, portNumber, token, tls)
                .withPreviewResponseForm(form);
        for (String entityAndKey : customFieldKeys) {
            int colon = entityAndKey.indexOf(':');
            try {
                if (colon < 0) {
                    throw ApiException.badRequest("expected <entity>:<key>");
                }
                emulator.presetCustomFieldKeys(entityAndKey.substring(0, colon), entityAndKey.substring(colon + 1));
            } catch (ApiException invalid) {
                System.err.println("Invalid custom field key " + entityAndKey + ": " + invalid.getMessage());
                System.exit(2);
                return;
            }
        }
        emulator.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "metronome-emulator-shutdown"));
        System.out.println(emulator.baseUrl());
        System.out.flush();
        stopped.await();
    }

    private static String envOr(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
