package io.kafkaconnect.metronome.testkit;

import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Connect cluster per test class ({@link ConnectTestClusters}), started before the class's {@code @BeforeAll}
 * methods and stopped after its {@code @AfterAll} methods:
 * <pre>{@code
 * @RegisterExtension
 * static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(
 *         ConnectTestClusters.builder().name("metrics-it"));
 * ... CONNECT.cluster().configureConnector(...)
 * }</pre>
 */
public final class ConnectClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private final ConnectTestClusters.Builder builder;
    private EmbeddedConnectCluster cluster;

    public ConnectClusterExtension(ConnectTestClusters.Builder builder) {
        this.builder = builder;
    }

    /** The running cluster: from the class's {@code @BeforeAll} methods on (not in field initializers of PER_CLASS tests). */
    public EmbeddedConnectCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the cluster starts before the class's @BeforeAll methods");
        }
        return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = builder.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.stop();
        }
    }
}
