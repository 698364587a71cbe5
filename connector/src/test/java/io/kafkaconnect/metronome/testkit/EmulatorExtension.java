package io.kafkaconnect.metronome.testkit;

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
 * for every test.
 */
public final class EmulatorExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final MetronomeEmulator emulator;

    public EmulatorExtension(String token) {
        emulator = new MetronomeEmulator(0, token);
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

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        emulator.close();
    }
}
