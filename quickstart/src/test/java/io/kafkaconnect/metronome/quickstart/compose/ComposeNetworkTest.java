package io.kafkaconnect.metronome.quickstart.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Addresses and name resolution per container, as a compose network gives them. */
class ComposeNetworkTest {

    private final ComposeService kafka = service("kafka", List.of(new ComposeService.PortMapping(9092, 9092)));
    private final ComposeService connect = service("connect", List.of(new ComposeService.PortMapping(18083, 8083)));
    private final ComposeNetwork network = new ComposeNetwork(List.of(kafka, connect), "127.1.2", Optional.of("buildhost"));

    @TempDir
    Path dir;

    @Test
    void eachServiceHasAnAddressOfItsOwnInFileOrder() {
        assertThat(network.address("kafka")).isEqualTo("127.1.2.11");
        assertThat(network.address("connect")).isEqualTo("127.1.2.12");
    }

    @Test
    void localhostIsTheContainerItselfAndServiceNamesAreTheServices() {
        assertThat(network.resolve("connect", "localhost")).isEqualTo("127.1.2.12");
        assertThat(network.resolve("connect", "buildhost")).as("this machine's name").isEqualTo("127.1.2.12");
        assertThat(network.resolve("connect", "kafka")).isEqualTo("127.1.2.11");
        assertThat(network.resolve(null, "localhost")).as("on the host").isEqualTo("127.0.0.1");
        assertThat(network.resolve("connect", "example.com")).isEqualTo("example.com");
    }

    @Test
    void allInterfacesBindsTheServiceAddress() {
        assertThat(network.bindAddress("kafka", "")).isEqualTo("127.1.2.11");
        assertThat(network.bindAddress("kafka", "0.0.0.0")).isEqualTo("127.1.2.11");
        assertThat(Listeners.mapHosts("INTERNAL://:29092,EXTERNAL://0.0.0.0:9092",
                host -> network.bindAddress("kafka", host))).isEqualTo("INTERNAL://127.1.2.11:29092,EXTERNAL://127.1.2.11:9092");
    }

    @Test
    void theHostReachesPublishedPortsAtTheirServices() {
        assertThat(network.fromHost(URI.create("http://localhost:18083/connectors")))
                .isEqualTo(URI.create("http://127.1.2.12:8083/connectors"));
        assertThat(network.fromHost(URI.create("http://kafka:9092/x"))).isEqualTo(URI.create("http://127.1.2.11:9092/x"));
        assertThatThrownBy(() -> network.fromHost(URI.create("http://localhost:8083/")))
                .hasMessageContaining("No service publishes port 8083");
    }

    @Test
    void hostsFilesSayWhatEachContainerAndTheHostResolve() throws Exception {
        List<String> connectHosts = Files.readAllLines(network.writeHostsFile("connect", dir.resolve("connect")));
        List<String> hostHosts = Files.readAllLines(network.writeHostHostsFile(dir.resolve("host")));

        assertThat(connectHosts).contains("127.1.2.12 localhost buildhost", "127.1.2.11 kafka", "127.1.2.12 connect");
        assertThat(hostHosts).contains("127.0.0.1 localhost buildhost", "127.1.2.11 kafka", "127.1.2.12 connect");
    }

    private static ComposeService service(String name, List<ComposeService.PortMapping> ports) {
        return new ComposeService(name, ImageRef.parse("image:1"), name, Map.of(), List.of(), ports, List.of(), Map.of(),
                Optional.empty());
    }
}
