package io.kafkaconnect.metronome.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Preview answers in both documented forms: {@code {data: Invoice}} (seed 004) and {@code {data: [Invoice]}} (SDK). */
class MetronomeJsonInvoicesTest {

    @Test
    void theSeedsFormIsOneInvoice() throws IOException {
        List<JsonNode> invoices = read("{\"data\": {\"id\": \"i-1\", \"total\": 0.30000000000000003}}");

        assertThat(invoices).singleElement().satisfies(invoice -> {
            assertThat(invoice.path("id").asText()).isEqualTo("i-1");
            assertThat(MetronomeJson.text(invoice)).contains("0.30000000000000003");
        });
    }

    @Test
    void theSdksFormKeepsEveryInvoiceInOrder() throws IOException {
        List<JsonNode> invoices = read("{\"data\": [{\"id\": \"usd\", \"total\": 2},"
                + " {\"id\": \"credits\", \"total\": 15.50}, {\"id\": \"third\"}]}");

        assertThat(invoices).extracting(invoice -> invoice.path("id").asText()).containsExactly("usd", "credits", "third");
        assertThat(MetronomeJson.text(invoices.get(1))).contains("15.50");
    }

    @Test
    void anEmptyArrayIsNoInvoice() throws IOException {
        assertThat(read("{\"data\": []}")).isEmpty();
    }

    @Test
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> read("{\"data\": [1]}")).isInstanceOf(IOException.class).hasMessageContaining("NUMBER");
        assertThatThrownBy(() -> read("{\"data\": \"invoice\"}")).isInstanceOf(IOException.class)
                .hasMessageContaining("STRING");
        assertThatThrownBy(() -> read("{\"data\": null}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("{}")).isInstanceOf(IOException.class);
    }

    private static List<JsonNode> read(String json) throws IOException {
        return MetronomeJson.readInvoices(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
