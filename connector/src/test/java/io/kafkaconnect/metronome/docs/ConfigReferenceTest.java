package io.kafkaconnect.metronome.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaconnect.metronome.sink.MetronomeSinkConfig;
import io.kafkaconnect.metronome.source.MetronomeSourceConfig;
import io.kafkaconnect.metronome.usage.MetronomeUsageSinkConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {

    /** Surefire runs in connector/; the docs live at the repository's top. */
    private static final Path COMMITTED = Path.of("..", "docs", "configuration.md");

    @Test
    void committedReferenceMatchesTheConfigDefs() throws IOException {
        String generated = ConfigReference.render();
        if (Boolean.getBoolean("docs.update")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, generated);
        }
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED) : "";
        assertThat(committed)
                .as("docs/configuration.md is stale; run: " + ConfigReference.UPDATE_COMMAND)
                .isEqualTo(generated);
    }

    @Test
    void everySettingOfEveryConnectorIsDocumented() {
        String reference = ConfigReference.render();
        MetronomeSourceConfig.CONFIG_DEF.names().forEach(name -> assertThat(reference).contains("| `" + name + "` |"));
        MetronomeSinkConfig.CONFIG_DEF.names().forEach(name -> assertThat(reference).contains("| `" + name + "` |"));
        MetronomeUsageSinkConfig.CONFIG_DEF.names().forEach(name -> assertThat(reference).contains("| `" + name + "` |"));
        assertThat(reference).contains("metronome.api.token` | password | *required*");
    }
}
