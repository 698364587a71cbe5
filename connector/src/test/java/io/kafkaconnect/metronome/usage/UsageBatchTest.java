package io.kafkaconnect.metronome.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaconnect.metronome.client.MetronomeJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageBatchTest {

    private static String json(List<ParsedEvent> events) throws Exception {
        return MetronomeJson.MAPPER.writeValueAsString(events.stream().map(ParsedEvent::event).toList());
    }

    @Test
    void theBodyIsWrittenOnceWhenTheBatchIsCutAndEachHalfHasItsOwn() throws Exception {
        UsageBatch batch = UsageTestRecords.batch(5);
        assertThat(batch.body().toString()).isEqualTo(json(batch.events())).contains("\"transaction_id\":\"t4\"");
        assertThat(batch.body()).isSameAs(batch.body());

        List<UsageBatch> halves = batch.halves();
        assertThat(halves.get(0).events()).isEqualTo(batch.events().subList(0, 3));
        assertThat(halves.get(0).body().toString()).isEqualTo(json(batch.events().subList(0, 3)));
        assertThat(halves.get(1).body().toString()).isEqualTo(json(batch.events().subList(3, 5)))
                .doesNotContain("\"t2\"");
    }
}
