package io.kafkaconnect.metronome.quickstart.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Healthcheck commands the emulation runs itself, with names resolved as in the container. */
class HealthcheckProbesTest {

    private static final String BLOCK = "127.43.21";

    @Test
    void devTcpChecksThatTheContainersOwnPortTakesConnections() throws Exception {
        ComposeService emulator = service("emulator", List.of("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8089"));
        ComposeNetwork network = new ComposeNetwork(List.of(emulator), BLOCK, Optional.empty());
        HealthProbe probe = HealthcheckProbes.of(emulator, emulator.healthcheck().orElseThrow(), network, null);

        assertThat(probe.passes()).as("nothing listens yet").isFalse();
        try (ServerSocket listening = new ServerSocket()) {
            listening.bind(new InetSocketAddress(InetAddress.getByName(BLOCK + ".11"), 8089));
            assertThat(probe.passes()).isTrue();
        }
    }

    @Test
    void commandsItCannotRunAreRefusedNotSkipped() {
        ComposeService service = service("x", List.of("wget", "-q", "http://localhost:8080/"));
        ComposeNetwork network = new ComposeNetwork(List.of(service), BLOCK, Optional.empty());

        assertThatThrownBy(() -> HealthcheckProbes.of(service, service.healthcheck().orElseThrow(), network, null))
                .hasMessageContaining("cannot run the healthcheck [wget, -q, http://localhost:8080/]");
    }

    private static ComposeService service(String name, List<String> check) {
        return new ComposeService(name, ImageRef.parse("image:1"), name, Map.of(), List.of(), List.of(), List.of(), Map.of(),
                Optional.of(new Healthcheck(check, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Duration.ZERO)));
    }
}
