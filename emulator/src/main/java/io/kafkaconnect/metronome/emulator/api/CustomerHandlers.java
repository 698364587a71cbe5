package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaconnect.metronome.emulator.ApiException;
import io.kafkaconnect.metronome.emulator.http.EmulatorRequest;
import io.kafkaconnect.metronome.emulator.http.ApiResponse;
import io.kafkaconnect.metronome.emulator.http.JsonCodec;
import io.kafkaconnect.metronome.emulator.http.QueryParams;
import io.kafkaconnect.metronome.emulator.http.Router;
import io.kafkaconnect.metronome.emulator.state.StoredCustomer;
import io.kafkaconnect.metronome.emulator.state.CustomerQuery;
import io.kafkaconnect.metronome.emulator.state.CustomerStore;
import io.kafkaconnect.metronome.emulator.state.EmulatorClock;
import io.kafkaconnect.metronome.emulator.state.NewCustomer;
import io.kafkaconnect.metronome.emulator.state.ListPage;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.Optional;
import java.util.Set;

/** Create, read, list, archive and update customers. */
public final class CustomerHandlers {
    static final int MAX_NAME_LENGTH = 160;
    static final int MAX_ALIASES = 2000;
    static final int MAX_ALIAS_LENGTH = 128;
    static final int MAX_FILTER_VALUES = 100;
    static final int MAX_PAGE_SIZE = 100;
    private static final String CURSOR_KIND = "customers";
    private static final List<String> CREATE_FIELDS = List.of("name", "billing_config", "custom_fields",
            "customer_billing_provider_configurations", "external_id", "ingest_aliases");

    private final CustomerStore customers;
    private final EmulatorClock clock;
    private final Consumer<StoredCustomer> onArchived;

    /** @param onArchived told of every customer archived, e.g. to void its open invoices */
    public CustomerHandlers(CustomerStore customers, EmulatorClock clock, Consumer<StoredCustomer> onArchived) {
        this.customers = customers;
        this.clock = clock;
        this.onArchived = onArchived;
    }

    public void register(Router router) {
        router.add("POST", "/v1/customers", this::create)
                .add("GET", "/v1/customers", this::list)
                .add("GET", "/v1/customers/{customer_id}", this::retrieve)
                .add("POST", "/v1/customers/archive", this::archive)
                .add("POST", "/v1/customers/{customer_id}/setIngestAliases", this::setIngestAliases)
                .add("POST", "/v1/customers/{customer_id}/setName", this::setName)
                .add("POST", "/v1/customers/{customer_id}/updateConfig", this::updateConfig);
    }

    /** Validates the whole body (seed 000, "Create") before anything is stored. */
    private ApiResponse create(EmulatorRequest request) {
        JsonObjectReader body = JsonObjectReader.body(request.json(), CREATE_FIELDS);
        String name = name(body);
        List<String> aliases = aliases(body, "ingest_aliases").orElse(List.of());
        String externalId = body.optionalString("external_id", 1, MAX_ALIAS_LENGTH).orElse(null);
        Map<String, String> customFields = body.optionalStringMap("custom_fields").orElse(Map.of());
        JsonNode billingConfig = BillingSettingsReader.billingConfig(body);
        BillingSettingsReader.providerConfigurations(body);
        StoredCustomer customer = customers.create(
                new NewCustomer(name, aliases, externalId, customFields, billingConfig), clock.now());
        return ApiResponse.data(CustomerJson.customer(customer));
    }

    private ApiResponse retrieve(EmulatorRequest request) {
        return ApiResponse.data(CustomerJson.detail(customers.require(request.pathParam("customer_id"))));
    }

    private ApiResponse list(EmulatorRequest request) {
        QueryParams query = request.query();
        int limit = query.intInRange("limit", 1, MAX_PAGE_SIZE, MAX_PAGE_SIZE);
        long afterSeq = query.get("next_page").filter(cursor -> !cursor.isEmpty())
                .map(cursor -> PageCursor.decode(CURSOR_KIND, cursor)).orElse(0L);
        Set<String> ids = query.list("customer_ids", MAX_FILTER_VALUES).map(LinkedHashSet::new).orElse(null);
        Set<String> salesforceIds = query.list("salesforce_account_ids", MAX_FILTER_VALUES)
                .map(LinkedHashSet::new).orElse(null);
        CustomerQuery filter = new CustomerQuery(ids, query.get("ingest_alias").orElse(null),
                query.bool("only_archived", false), salesforceIds);

        ListPage<StoredCustomer> page = customers.list(filter, afterSeq, limit);
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        ArrayNode data = json.putArray("data");
        page.items().forEach(customer -> data.add(CustomerJson.detail(customer)));
        json.put("next_page", page.hasMore()
                ? PageCursor.encode(CURSOR_KIND, page.items().get(page.items().size() - 1).seq()) : null);
        return ApiResponse.json(200, json);
    }

    private ApiResponse archive(EmulatorRequest request) {
        String id = JsonObjectReader.body(request.json(), List.of("id")).requiredString("id");
        StoredCustomer archived = customers.archive(id, clock.now());
        onArchived.accept(archived);
        return ApiResponse.data(Map.of("id", archived.id()));
    }

    private ApiResponse setIngestAliases(EmulatorRequest request) {
        String id = request.pathParam("customer_id");
        customers.require(id);
        List<String> aliases = aliases(JsonObjectReader.body(request.json(), List.of("ingest_aliases")), "ingest_aliases")
                .orElseThrow(() -> ApiException.badRequest("ingest_aliases is required"));
        customers.setIngestAliases(id, aliases, clock.now());
        return ApiResponse.empty();
    }

    private ApiResponse setName(EmulatorRequest request) {
        String id = request.pathParam("customer_id");
        customers.require(id);
        String name = name(JsonObjectReader.body(request.json(), List.of("name")));
        return ApiResponse.data(CustomerJson.customer(customers.setName(id, name, clock.now())));
    }

    private ApiResponse updateConfig(EmulatorRequest request) {
        String id = request.pathParam("customer_id");
        customers.require(id);
        JsonObjectReader body = JsonObjectReader.body(request.json(),
                List.of("leave_stripe_invoices_in_draft", "salesforce_account_id"));
        customers.updateConfig(id, body.optionalString("salesforce_account_id").orElse(null),
                body.optionalBoolean("leave_stripe_invoices_in_draft").orElse(null), clock.now());
        return ApiResponse.empty();
    }

    /** A required, non-blank name, truncated to 160 characters (code points, so no pair is split). */
    private static String name(JsonObjectReader body) {
        String name = body.requiredString("name");
        if (name.isBlank()) {
            throw ApiException.badRequest("name must not be blank");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            return name.substring(0, name.offsetByCodePoints(0, MAX_NAME_LENGTH));
        }
        return name;
    }

    /** Validated aliases with duplicates dropped, first occurrence kept. */
    private static Optional<List<String>> aliases(JsonObjectReader body, String field) {
        return body.optionalStringList(field).map(aliases -> {
            if (aliases.size() > MAX_ALIASES) {
                throw ApiException.badRequest(field + " accepts at most " + MAX_ALIASES + " aliases");
            }
            for (String alias : aliases) {
                int length = alias.codePointCount(0, alias.length());
                if (length < 1 || length > MAX_ALIAS_LENGTH) {
                    throw ApiException.badRequest(field + " items must be 1 to " + MAX_ALIAS_LENGTH
                            + " characters long");
                }
            }
            return List.copyOf(new LinkedHashSet<>(aliases));
        });
    }
}
