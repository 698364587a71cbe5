package io.kafkaconnect.metronome.emulator;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetronomeEmulatorTest extends EmulatorTestBase {

    @Test
    void exposesWhereItListens() {
        assertThat(emulator.port()).isPositive();
        assertThat(emulator.baseUrl()).isEqualTo("http://127.0.0.1:" + emulator.port());
        assertThat(emulator.token()).isEqualTo(TOKEN);
    }

    @Test
    void customersReturnsSnapshotsOfEveryCustomerArchivedIncluded() {
        emulator.setNow(Instant.parse("2024-01-01T00:00:00Z"));
        String active = client.createCustomer("Active", "a1");
        String archived = client.createCustomer("Archived");
        emulator.setNow(Instant.parse("2024-01-02T00:00:00Z"));
        client.post("/v1/customers/archive", Map.of("id", archived));
        client.post("/v1/customers/" + active + "/updateConfig", Map.of("salesforce_account_id", "sf"));

        List<CustomerSnapshot> customers = emulator.customers();
        assertThat(customers).extracting(CustomerSnapshot::id).containsExactly(active, archived);
        CustomerSnapshot first = customers.get(0);
        assertThat(first.ingestAliases()).containsExactly("a1");
        assertThat(first.externalId()).isEqualTo("a1");
        assertThat(first.salesforceAccountId()).isEqualTo("sf");
        assertThat(first.createdAt()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(first.updatedAt()).isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));
        assertThat(first.archivedAt()).isNull();
        assertThat(customers.get(1).archivedAt()).isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));
        assertThatThrownBy(() -> first.ingestAliases().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void bulkCreateCustomersReturnsIdsAndRefusesTakenAliases() {
        List<String> ids = emulator.bulkCreateCustomers(1000, "Seed ", "seed-");
        assertThat(ids).hasSize(1000).doesNotHaveDuplicates();
        assertThat(client.customer(ids.get(10)).get("ingest_aliases").get(0).asText()).isEqualTo("seed-10");
        assertThat(client.customer(ids.get(10)).get("name").asText()).isEqualTo("Seed 10");
        assertThat(emulator.bulkCreateCustomers(3, "Plain ", null)).hasSize(3);
        assertThatThrownBy(() -> emulator.bulkCreateCustomers(5, "Again ", "seed-"))
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).status()).isEqualTo(409);
        assertThat(emulator.customers()).hasSize(1003);
    }

    @Test
    void setRatesFailsLikeTheHttpCall() {
        String customer = client.createCustomer("A");
        assertThatThrownBy(() -> emulator.setRates("nope", Map.of()))
                .isInstanceOf(ApiException.class).hasMessage("Customer not found");
        assertThatThrownBy(() -> emulator.setRates(customer, Map.of("unknown", 1.0)))
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).status()).isEqualTo(400);
    }

    @Test
    void aSecondEmulatorRunsIndependently() {
        try (MetronomeEmulator other = new MetronomeEmulator(0, "other").start();
             EmulatorClient otherClient = new EmulatorClient(other)) {
            otherClient.createCustomer("Elsewhere");
            assertThat(other.port()).isNotEqualTo(emulator.port());
            assertThat(other.customers()).hasSize(1);
            assertThat(emulator.customers()).isEmpty();
        } catch (java.io.IOException closeFailure) {
            throw new AssertionError(closeFailure);
        }
    }

    @Test
    void faultSpecValidatesItsFields() {
        assertThatThrownBy(() -> FaultSpec.builder().ratio(0.5).build()).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> FaultSpec.builder().ratio(-0.1).status(500).build()).isInstanceOf(ApiException.class);
        FaultSpec latencyOnly = FaultSpec.builder().latencyMs(5).build();
        assertThat(latencyOnly.pathPrefix()).isEqualTo("/v1");
        assertThat(latencyOnly.retryAfterSeconds()).isEqualTo(1);
    }
}
