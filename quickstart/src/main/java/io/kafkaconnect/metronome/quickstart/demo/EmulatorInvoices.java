package io.kafkaconnect.metronome.quickstart.demo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The emulator's own answer for the invoices of its active customers ({@code GET /v1/customers}, then
 * {@code GET /v1/customers/{id}/invoices} each): what the invoices topic must end up holding.
 */
public final class EmulatorInvoices {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS); // totals keep every digit

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public EmulatorInvoices(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** Invoice id → total (plain digits, no trailing zeros) of every active customer's invoices. */
    public Map<String, String> totals() throws IOException, InterruptedException {
        Map<String, String> totals = new TreeMap<>();
        for (String customerId : activeCustomerIds()) {
            String nextPage = null;
            do {
                JsonNode page = get("/v1/customers/" + customerId + "/invoices?limit=100" + cursor(nextPage));
                page.path("data").forEach(invoice -> totals.put(invoice.path("id").asText(),
                        invoice.path("total").decimalValue().stripTrailingZeros().toPlainString()));
                nextPage = page.path("next_page").isTextual() ? page.path("next_page").asText() : null;
            } while (nextPage != null);
        }
        return totals;
    }

    private List<String> activeCustomerIds() throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        String nextPage = null;
        do {
            JsonNode page = get("/v1/customers?limit=100" + cursor(nextPage));
            page.path("data").forEach(customer -> ids.add(customer.path("id").asText()));
            nextPage = page.path("next_page").isTextual() ? page.path("next_page").asText() : null;
        } while (nextPage != null);
        return ids;
    }

    private static String cursor(String nextPage) {
        return nextPage == null ? "" : "&next_page=" + URLEncoder.encode(nextPage, StandardCharsets.UTF_8);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
