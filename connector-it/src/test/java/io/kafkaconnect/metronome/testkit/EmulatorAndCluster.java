package io.kafkaconnect.metronome.testkit;

import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * An emulator and a Connect cluster, started together and stopped in reverse order: what the sink and reliability
 * rigs stand on (their ITs start a rig in {@code @BeforeAll}). A test that needs just these two registers
 * {@link EmulatorExtension} and {@link ConnectClusterExtension} instead.
 */
public final class EmulatorAndCluster implements AutoCloseable {

    private final MetronomeEmulator emulator;
    private final EmbeddedConnectCluster cluster;

    public EmulatorAndCluster(ConnectTestClusters.Builder builder) {
        emulator = new MetronomeEmulator(0, "dev-token").start();
        try {
            cluster = builder.start();
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    public MetronomeEmulator emulator() {
        return emulator;
    }

    public EmbeddedConnectCluster cluster() {
        return cluster;
    }

    @Override
    public void close() {
        try {
            cluster.stop();
        } finally {
            emulator.close();
        }
    }
}
