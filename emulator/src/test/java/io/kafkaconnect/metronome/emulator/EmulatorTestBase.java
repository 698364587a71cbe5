package io.kafkaconnect.metronome.emulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;

/** One emulator per test class, reset before every test so tests do not see each other's data. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmulatorTestBase {
    static final String TOKEN = "test-token";

    MetronomeEmulator emulator;
    EmulatorClient client;

    @BeforeAll
    void startEmulator() {
        emulator = new MetronomeEmulator(0, TOKEN).start();
        client = new EmulatorClient(emulator);
    }

    @BeforeEach
    void resetEmulator() {
        emulator.reset();
    }

    @AfterAll
    void stopEmulator() throws IOException {
        client.close();
        emulator.close();
    }
}
