package io.kafkaconnect.metronome.quickstart.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The order `up` starts services in. */
class ComposeTopologyTest {

    @Test
    void dependenciesStartFirstOtherwiseFileOrder() {
        List<ComposeService> services = List.of(service("connect", "kafka", "registry"), service("registry", "kafka"),
                service("kafka"), service("emulator"));

        assertThat(ComposeTopology.inDependencyOrder(services)).extracting(ComposeService::name)
                .containsExactly("kafka", "registry", "connect", "emulator");
    }

    @Test
    void cyclesAndUnknownServicesAreRefused() {
        assertThatThrownBy(() -> ComposeTopology.inDependencyOrder(List.of(service("a", "b"), service("b", "a"))))
                .hasMessageContaining("cycle");
        assertThatThrownBy(() -> ComposeTopology.inDependencyOrder(List.of(service("a", "nobody"))))
                .hasMessageContaining("depends on unknown nobody");
    }

    private static ComposeService service(String name, String... dependsOn) {
        Map<String, String> dependencies = new LinkedHashMap<>();
        for (String dependency : dependsOn) {
            dependencies.put(dependency, ComposeService.SERVICE_HEALTHY);
        }
        return new ComposeService(name, ImageRef.parse("image:1"), name, Map.of(), List.of(), List.of(), List.of(),
                dependencies, Optional.empty());
    }
}
