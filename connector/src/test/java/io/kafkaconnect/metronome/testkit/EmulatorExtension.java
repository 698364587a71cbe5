package io.kafkaconnect.metronome.testkit;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One emulator per test class, started before the class's {@code @BeforeAll} methods and forgotten to empty before
 * each test (no customers, faults or request counts; the real clock):
 * <pre>{@code
 * @RegisterExtension
 * static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");
 * private final MetronomeEmulator emulator = EMULATOR.emulator();
 * }</pre>
 * Custom fields need registered keys, as in Metronome; {@link #withCustomFieldKeys} registers the ones a class uses
 * for every test. A class whose tests build on one another (state seeded in {@code @BeforeAll}, ordered tests) keeps
 * the emulator's state with {@link #keepingStateBetweenTests()}.
 *
 * <p>This is the one way tests start an embedded emulator; the connector ITs' Connect clusters come from the
 * connector-it test kit ({@code ConnectClusterExtension}, {@code AvroConnectCluster}).
 */
public final class EmulatorExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final MetronomeEmulator emulator;
    private boolean resetBeforeEach = true;
    private MetronomeClient client;

    public EmulatorExtension(String token) {
        emulator = new MetronomeEmulator(0, token);
    }

    /** The emulator is not reset between tests: what the class's {@code @BeforeAll} or earlier tests did stays. */
    public EmulatorExtension keepingStateBetweenTests() {
        resetBeforeEach = false;
        return this;
    }

    /** Registers these custom field keys of {@code entity} (e.g. customer, billable_metric) for every test. */
    public EmulatorExtension withCustomFieldKeys(String entity, String... keys) {
        emulator.presetCustomFieldKeys(entity, keys);
        return this;
    }

    /** The emulator; it listens from the class's start on. */
    public MetronomeEmulator emulator() {
        return emulator;
    }

    /** A client of the emulator with default settings, made on first use (once it listens) and closed with it. */
    public synchronized MetronomeClient client() {
        if (client == null) {
            client = new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(), emulator.token()));
        }
        return client;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (resetBeforeEach) {
            emulator.reset();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        synchronized (this) {
            if (client != null) {
                client.close();
                client = null;
            }
        }
        emulator.close();
    }
}
