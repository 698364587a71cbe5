package io.kafkaconnect.metronome.sink;

import static io.kafkaconnect.metronome.client.MetronomeRequests.createBillableMetric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kafkaconnect.metronome.client.Backoff;
import io.kafkaconnect.metronome.client.MetronomeApiException;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.MetronomeRequests;
import io.kafkaconnect.metronome.client.RetryPolicy;
import io.kafkaconnect.metronome.client.model.CreateBillableMetricRequest;
import io.kafkaconnect.metronome.client.model.CreateCustomerRequest;
import io.kafkaconnect.metronome.client.model.UsageEvent;
import io.kafkaconnect.metronome.emulator.CustomerSnapshot;
import io.kafkaconnect.metronome.emulator.FaultSpec;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.emulator.PreviewResponseForm;
import io.kafkaconnect.metronome.emulator.state.CreditType;
import io.kafkaconnect.metronome.emulator.state.Rate;
import io.kafkaconnect.metronome.emulator.state.RatePlan;
import java.math.BigDecimal;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The applier's idempotency and natural-key logic against the real emulator over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandApplierTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private ScheduledExecutorService scheduler;
    private MetronomeClient client;
    private CommandApplier applier;

    @BeforeEach
    void newApplier() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        client = newClient("dev-token");
        applier = newApplier(client, Duration.ofMillis(20));
    }

    @AfterEach
    void closeApplier() {
        scheduler.shutdownNow();
        client.close();
    }

    private MetronomeClient newClient(String token) {
        return new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(), token)
                .withRetryPolicy(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50))));
    }

    private CommandApplier newApplier(MetronomeClient metronome, Duration backoff) {
        return new CommandApplier(metronome, new AliasResolver(metronome, 1000, Duration.ofMinutes(10)), scheduler,
                new Backoff(backoff, backoff.multipliedBy(4)));
    }

    private static CommandOutcome applied(CompletableFuture<CommandOutcome> future) {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("command did not finish", e);
        }
    }

    private static CustomerCommand.Create create(String commandId, String alias, String... moreAliases) {
        List<String> aliases = new java.util.ArrayList<>(List.of(alias));
        aliases.addAll(List.of(moreAliases));
        return new CustomerCommand.Create(commandId, alias, "Customer " + alias, List.copyOf(aliases), null, null, null,
                null);
    }

    private List<CustomerSnapshot> customersWithAlias(String alias) {
        return emulator.customers().stream().filter(c -> c.ingestAliases().contains(alias)).toList();
    }

    @Test
    void createIsFindOrCreateOnTheIngestAlias() {
        CommandOutcome first = applied(applier.apply(create("c-1", "acme")));
        CommandOutcome again = applied(applier.apply(create("c-1", "acme")));
        CommandOutcome otherId = applied(newApplier(client, Duration.ofMillis(20)).apply(create("c-2", "acme")));

        assertThat(first.status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(again.status()).isEqualTo(CommandStatus.ALREADY_APPLIED);
        assertThat(otherId.status()).isEqualTo(CommandStatus.ALREADY_APPLIED);
        assertThat(List.of(again.customerId(), otherId.customerId())).containsOnly(first.customerId());
        assertThat(customersWithAlias("acme")).singleElement()
                .satisfies(c -> assertThat(c.id()).isEqualTo(first.customerId()));
    }

    @Test
    void aCreateOfANewCustomerIsOneRequestAndAnExistingAliasCostsALookupOnlyAfterThe409() {
        emulator.resetRequestCounts();
        CommandOutcome created = applied(applier.apply(create("c-60", "one-call")));

        assertThat(created.status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(emulator.requestCounts()).as("the POST alone").isEqualTo(Map.of("POST /v1/customers", 1L));

        emulator.resetRequestCounts();
        CommandOutcome found = applied(newApplier(client, Duration.ofMillis(20)).apply(create("c-61", "one-call")));

        assertThat(found.status()).isEqualTo(CommandStatus.ALREADY_APPLIED);
        assertThat(found.customerId()).isEqualTo(created.customerId());
        assertThat(emulator.requestCounts()).as("the POST, its 409, then the owner among active customers")
                .isEqualTo(Map.of("POST /v1/customers", 1L, "GET /v1/customers", 1L));
    }

    @Test
    void aReplayedServerErrorIsRetriedUnderANewKey() {
        // A first attempt with key "c-5xx" failed with a 503 that Metronome stored and now replays.
        emulator.setFaults(FaultSpec.builder().status(503).ratio(1.0).pathPrefix("/v1/customers").build());
        CustomerCommand.Create command = create("c-5xx", "beta");
        CreateCustomerRequest body = new CreateCustomerRequest(command.name(), command.ingestAliases(), null, null,
                null, null);
        assertThatThrownBy(() -> client.execute(MetronomeRequests.createCustomer(body, "c-5xx")))
                .isInstanceOf(MetronomeApiException.ServerErrorException.class);
        emulator.clearFaults();
        assertThat(emulator.customers()).isEmpty();
        emulator.resetRequestCounts();

        CommandOutcome outcome = applied(applier.apply(command));

        assertThat(outcome.status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(customersWithAlias("beta")).singleElement()
                .satisfies(c -> assertThat(c.id()).isEqualTo(outcome.customerId()));
        assertThat(emulator.requestCounts()).as("replayed 503 under c-5xx, then created under c-5xx/2")
                .containsEntry("POST /v1/customers", 2L);
    }

    @Test
    void aServerErrorAfterTheWriteIsFoundByTheStateCheck() {
        String id = applied(applier.apply(create("c-3", "gamma"))).customerId();
        CommandApplier slowRetries = newApplier(client, Duration.ofSeconds(2));
        // The archive happens, but its answer is a 503; the retry (new key) finds it archived.
        emulator.setFaults(FaultSpec.builder().status(503).ratio(1.0).applyBeforeError(true)
                .pathPrefix("/v1/customers/archive").build());
        emulator.resetRequestCounts();

        CompletableFuture<CommandOutcome> archiving = slowRetries.apply(
                new CustomerCommand.Archive("a-1", CustomerRef.byAlias("gamma")));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5))
                .until(() -> emulator.requestCounts().getOrDefault("POST /v1/customers/archive", 0L) >= 1);
        emulator.clearFaults();
        CommandOutcome outcome = applied(archiving);

        assertThat(outcome.status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(outcome.message()).contains("already archived").contains("earlier attempt");
        assertThat(outcome.customerId()).isEqualTo(id);
        assertThat(emulator.customers()).singleElement().satisfies(c -> assertThat(c.archivedAt()).isNotNull());
        assertThat(emulator.requestCounts()).containsEntry("POST /v1/customers/archive", 2L);
    }

    @Test
    void aSecondArchiveIsAlreadyApplied() {
        String id = applied(applier.apply(create("c-4", "delta"))).customerId();

        CommandOutcome first = applied(applier.apply(new CustomerCommand.Archive("a-2", CustomerRef.byId(id))));
        CommandOutcome second = applied(applier.apply(new CustomerCommand.Archive("a-3", CustomerRef.byAlias("delta"))));

        assertThat(first.status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(second.status()).isEqualTo(CommandStatus.ALREADY_APPLIED);
        assertThat(second.customerId()).isEqualTo(id);
    }

    @Test
    void concurrentCreatesOfOneAliasResolveToOneCustomer() {
        // Both lookups see no owner (every request takes 30 ms); one create wins, the other gets a 409.
        emulator.setFaults(FaultSpec.builder().latencyMs(30).build());
        CommandApplier other = newApplier(client, Duration.ofMillis(20));

        CompletableFuture<CommandOutcome> one = applier.apply(create("r-1", "race"));
        CompletableFuture<CommandOutcome> two = other.apply(create("r-2", "race"));

        CommandOutcome a = applied(one);
        CommandOutcome b = applied(two);
        assertThat(List.of(a.status(), b.status()))
                .containsExactlyInAnyOrder(CommandStatus.APPLIED, CommandStatus.ALREADY_APPLIED);
        assertThat(a.customerId()).isEqualTo(b.customerId());
        assertThat(customersWithAlias("race")).hasSize(1);
        assertThat(emulator.requestCounts().get("POST /v1/customers")).as("both tried to create").isEqualTo(2L);
    }

    @Test
    void aConflictOnAnotherAliasIsRejected() {
        applied(applier.apply(create("c-5", "taken")));

        CommandOutcome outcome = applied(applier.apply(create("c-6", "fresh", "taken")));
        CommandOutcome setAliases = applied(applier.apply(new CustomerCommand.SetIngestAliases("s-1",
                CustomerRef.byAlias("taken"), List.of("taken", "x")))); // fine: its own alias
        String other = applied(applier.apply(create("c-7", "other"))).customerId();
        CommandOutcome steal = applied(applier.apply(new CustomerCommand.SetIngestAliases("s-2",
                CustomerRef.byId(other), List.of("other", "taken"))));

        assertThat(outcome.status()).isEqualTo(CommandStatus.REJECTED);
        assertThat(outcome.message()).contains("409");
        assertThat(customersWithAlias("fresh")).isEmpty();
        assertThat(setAliases.status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(steal.status()).isEqualTo(CommandStatus.REJECTED);
        assertThat(steal.message()).contains("HTTP 409");
    }

    @Test
    void anEmptyAliasSetFreesTheAliasesForAnotherCustomer() {
        String first = applied(applier.apply(create("c-20", "reused", "reused-2"))).customerId();

        CommandOutcome cleared = applied(applier.apply(new CustomerCommand.SetIngestAliases("s-20",
                CustomerRef.byId(first), List.of())));
        CommandOutcome second = applied(applier.apply(create("c-21", "reused")));

        assertThat(cleared.status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(emulator.customers()).filteredOn(c -> c.id().equals(first)).singleElement()
                .satisfies(c -> assertThat(c.ingestAliases()).isEmpty());
        assertThat(second.status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(second.customerId()).isNotEqualTo(first);
        assertThat(customersWithAlias("reused")).singleElement()
                .satisfies(c -> assertThat(c.id()).isEqualTo(second.customerId()));
    }

    @Test
    void aNameOver160CharactersIsTruncatedByMetronomeAndTheOutcomeSaysSo() {
        String longName = "x".repeat(150) + "\uD83D\uDE00".repeat(20); // 170 code points, no pair split
        String truncated = "x".repeat(150) + "\uD83D\uDE00".repeat(10);
        CommandOutcome created = applied(applier.apply(new CustomerCommand.Create("c-30", "long", longName,
                List.of("long"), null, null, null, null)));
        assertThat(customersWithAlias("long")).singleElement()
                .satisfies(c -> assertThat(c.name()).isEqualTo(truncated));
        CommandOutcome renamed = applied(applier.apply(new CustomerCommand.SetName("n-30", CustomerRef.byAlias("long"),
                "y".repeat(200))));
        CommandOutcome plain = applied(applier.apply(new CustomerCommand.SetName("n-31", CustomerRef.byAlias("long"),
                "z".repeat(160))));

        assertThat(created.status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(created.message()).isEqualTo("name truncated by Metronome from 170 to 160 characters");
        assertThat(renamed.status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(renamed.message()).isEqualTo("name truncated by Metronome from 200 to 160 characters");
        assertThat(plain.message()).isNull();
        assertThat(customersWithAlias("long")).singleElement()
                .satisfies(c -> assertThat(c.name()).isEqualTo("z".repeat(160)));
    }

    @Test
    void aCreateWithoutAliasIsIdempotentThroughTheCommandIdAlone() {
        CustomerCommand.Create noAlias = new CustomerCommand.Create("c-40", null, "No alias", List.of(), "ext-40",
                null, null, null);

        CommandOutcome first = applied(applier.apply(noAlias));
        CommandOutcome redelivered = applied(newApplier(client, Duration.ofMillis(20)).apply(noAlias));
        CommandOutcome otherId = applied(applier.apply(new CustomerCommand.Create("c-41", null, "No alias", List.of(),
                null, null, null, null)));

        assertThat(first.status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(redelivered.status()).isEqualTo(CommandStatus.APPLIED); // Metronome replays the stored answer
        assertThat(redelivered.customerId()).isEqualTo(first.customerId());
        // no natural key: another command id is another customer (unlike find-or-create on an alias)
        assertThat(otherId.status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(otherId.customerId()).isNotEqualTo(first.customerId());
        assertThat(emulator.customers()).hasSize(2).filteredOn(c -> c.id().equals(first.customerId())).singleElement()
                .satisfies(c -> {
                    assertThat(c.externalId()).isEqualTo("ext-40");
                    assertThat(c.ingestAliases()).isEmpty();
                });
    }

    @Test
    void aCreateWithoutAliasIsNotRetriedUnderANewKeyAfterAServerError() {
        emulator.setFaults(FaultSpec.builder().status(503).ratio(1.0).pathPrefix("/v1/customers").build());

        CommandOutcome outcome = applied(applier.apply(new CustomerCommand.Create("c-42", null, "No alias",
                List.of(), null, null, null, null)));
        emulator.clearFaults();

        assertThat(outcome.status()).isEqualTo(CommandStatus.REJECTED);
        assertThat(outcome.message()).contains("HTTP 503").contains("new command_id");
        assertThat(emulator.customers()).isEmpty();
    }

    @Test
    void aCreateWithAnUnregisteredCustomFieldKeyIsRejectedWithMetronomesMessage() {
        CustomerCommand.Create tiered = new CustomerCommand.Create("c-50", "tiered", "Tiered", List.of("tiered"), null,
                Map.of("tier", "gold"), null, null);

        CommandOutcome refused = applied(applier.apply(tiered));
        emulator.addCustomFieldKey("customer", "tier", false);
        CommandOutcome registered = applied(applier.apply(new CustomerCommand.Create("c-51", "tiered", "Tiered",
                List.of("tiered"), null, Map.of("tier", "gold"), null, null)));

        assertThat(refused.status()).isEqualTo(CommandStatus.REJECTED);
        assertThat(refused.message())
                .isEqualTo("Metronome refused CREATE with HTTP 400: Invalid custom field keys: tier");
        assertThat(registered.status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(customersWithAlias("tiered")).singleElement()
                .satisfies(c -> assertThat(c.customFields()).isEqualTo(Map.of("tier", "gold")));
    }

    @Test
    void unknownCustomersAreRejected() {
        CommandOutcome byAlias = applied(applier.apply(new CustomerCommand.SetName("n-1", CustomerRef.byAlias("nobody"),
                "X")));
        CommandOutcome byId = applied(applier.apply(new CustomerCommand.SetName("n-2", CustomerRef.byId("no-such-id"),
                "X")));

        assertThat(byAlias.status()).isEqualTo(CommandStatus.REJECTED);
        assertThat(byAlias.message()).contains("unknown customer").contains("nobody");
        assertThat(byId.status()).isEqualTo(CommandStatus.REJECTED);
        assertThat(byId.message()).contains("HTTP 404");
    }

    @Test
    void setNameAliasesConfigAndPreviewApply() {
        String id = applied(applier.apply(create("c-8", "eps"))).customerId();

        assertThat(applied(applier.apply(new CustomerCommand.SetName("n-3", CustomerRef.byAlias("eps"), "Renamed")))
                .status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(applied(applier.apply(new CustomerCommand.SetIngestAliases("s-3", CustomerRef.byAlias("eps"),
                List.of("eps", "eps-2")))).status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(applied(applier.apply(new CustomerCommand.UpdateConfig("u-1", CustomerRef.byAlias("eps-2"), true,
                "sf-1"))).status()).isEqualTo(CommandStatus.APPLIED);
        CommandOutcome preview = applied(applier.apply(new CustomerCommand.PreviewEvents("p-1", CustomerRef.byId(id),
                List.of(new UsageEvent(null, null, "api_call", null, Map.of("n", 1))), null, null)));

        assertThat(emulator.customers()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("Renamed");
            assertThat(c.ingestAliases()).containsExactly("eps", "eps-2");
            assertThat(c.salesforceAccountId()).isEqualTo("sf-1");
            assertThat(c.leaveStripeInvoicesInDraft()).isTrue();
        });
        assertThat(preview.status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(preview.invoice().path("customer_id").asText()).isEqualTo(id);
    }

    /** 403 and 422 are answers about this command: it is REJECTED once, with the status and Metronome's message. */
    @Test
    void aForbiddenOrUnprocessableCallRejectsTheCommandWithoutRetrying() {
        String id = applied(applier.apply(create("c-10", "eta"))).customerId();
        emulator.resetRequestCounts();
        emulator.setFaults(FaultSpec.builder().status(403).ratio(1.0).pathPrefix("/v1/customers/" + id + "/setName")
                .message("API key lacks the customers:write scope").build());

        CommandOutcome forbidden = applied(applier.apply(new CustomerCommand.SetName("n-1", CustomerRef.byId(id), "X")));

        assertThat(forbidden.status()).isEqualTo(CommandStatus.REJECTED);
        assertThat(forbidden.message())
                .isEqualTo("Metronome refused SET_NAME with HTTP 403: API key lacks the customers:write scope");
        emulator.setFaults(FaultSpec.builder().status(422).ratio(1.0).pathPrefix("/v1/customers/archive")
                .message("customer cannot be archived").build());

        CommandOutcome unprocessable = applied(applier.apply(new CustomerCommand.Archive("a-2", CustomerRef.byId(id))));

        assertThat(unprocessable.status()).isEqualTo(CommandStatus.REJECTED);
        assertThat(unprocessable.message()).isEqualTo("Metronome refused ARCHIVE with HTTP 422: customer cannot be archived");
        assertThat(emulator.requestCounts()).containsEntry("POST /v1/customers/{customer_id}/setName", 1L)
                .containsEntry("POST /v1/customers/archive", 1L);
        emulator.clearFaults();
        assertThat(emulator.customers()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("Customer eta");
            assertThat(c.archivedAt()).isNull();
        });
    }

    @Test
    void aPreviewKeepsEveryInvoiceMetronomeReturns() {
        emulator.setPreviewResponseForm(PreviewResponseForm.ARRAY);
        String id = applied(applier.apply(create("c-9", "zeta"))).customerId();
        String calls = client.execute(createBillableMetric(
                new CreateBillableMetricRequest("Calls", "COUNT", null, null, null, null, null), "m-1"));
        String tokens = client.execute(createBillableMetric(
                new CreateBillableMetricRequest("Tokens", "SUM", "tokens", null, null, null, null), "m-2"));
        Map<String, Rate> rates = new LinkedHashMap<>();
        rates.put(calls, Rate.flat(new BigDecimal("2")));
        rates.put(tokens, Rate.flat(new BigDecimal("0.5"), CreditType.named("credits")));
        emulator.setRatePlan(id, RatePlan.of("Two units", rates, null));

        CommandOutcome preview = applied(applier.apply(new CustomerCommand.PreviewEvents("p-2", CustomerRef.byAlias("zeta"),
                List.of(new UsageEvent(null, null, "llm", null, Map.of("tokens", 4))), "replace", null)));

        assertThat(preview.status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(preview.invoices()).extracting(invoice -> invoice.path("credit_type").path("name").asText())
                .containsExactly("USD (cents)", "credits");
        assertThat(preview.invoices()).allSatisfy(invoice ->
                assertThat(invoice.path("customer_id").asText()).isEqualTo(id));
        assertThat(preview.invoices().get(1).path("total").decimalValue()).isEqualByComparingTo("2");
        assertThat(preview.invoice()).isSameAs(preview.invoices().get(0));
    }

    @Test
    void aRefusedTokenFailsTheCommandInsteadOfRejectingIt() {
        try (MetronomeClient badToken = newClient("wrong-token")) {
            CompletableFuture<CommandOutcome> future = newApplier(badToken, Duration.ofMillis(20))
                    .apply(create("c-9", "zeta"));
            assertThatThrownBy(() -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(MetronomeApiException.UnauthorizedException.class);
        }
    }
}
