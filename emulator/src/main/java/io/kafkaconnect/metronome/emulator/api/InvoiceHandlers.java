package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaconnect.metronome.emulator.ApiException;
import io.kafkaconnect.metronome.emulator.billing.CustomerInvoice;
import io.kafkaconnect.metronome.emulator.billing.InvoiceLedger;
import io.kafkaconnect.metronome.emulator.billing.InvoiceStatus;
import io.kafkaconnect.metronome.emulator.http.ApiResponse;
import io.kafkaconnect.metronome.emulator.http.EmulatorRequest;
import io.kafkaconnect.metronome.emulator.http.JsonCodec;
import io.kafkaconnect.metronome.emulator.http.QueryParams;
import io.kafkaconnect.metronome.emulator.http.Router;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A customer's monthly usage invoices ({@link InvoiceLedger}): list and retrieve, with the SDK's
 * {@code InvoiceListParams} and {@code InvoiceRetrieveParams}.
 *
 * <p>Choices the SDK leaves open: {@code sort} orders by issued_at (the SDK's parameter doc; its method doc's
 * "creation date descending by default" contradicts it, so the parameter's default {@code date_asc} wins), ties (one
 * month's invoices, one per credit type) by id in the same direction. A billing period [start, end) matches
 * {@code starting_on} when it starts at or after it and {@code ending_before} when its end_timestamp is at or before
 * it (the period lies before that instant). {@code contract_id} matches nothing, as usage-plan invoices have no
 * contract; {@code webhook_notification_id} is accepted and ignored; unknown query parameters are ignored, as on the
 * other list endpoints.
 */
public final class InvoiceHandlers {
    private static final List<String> SORTS = List.of("date_asc", "date_desc");
    private static final List<String> TYPES = List.of("USAGE", "USAGE_CONSOLIDATED", "SCHEDULED");
    private static final String CURSOR_KIND = "invoices-";
    private static final Comparator<CustomerInvoice> BY_ISSUED_AT =
            Comparator.comparing(CustomerInvoice::issuedAt).thenComparing(CustomerInvoice::id);

    private final InvoiceLedger ledger;

    public InvoiceHandlers(InvoiceLedger ledger) {
        this.ledger = ledger;
    }

    public void register(Router router) {
        router.add("GET", "/v1/customers/{customer_id}/invoices", this::list)
                .add("GET", "/v1/customers/{customer_id}/invoices/{invoice_id}", this::retrieve);
    }

    private ApiResponse list(EmulatorRequest request) {
        QueryParams query = request.query();
        Predicate<CustomerInvoice> filter = filter(query);
        String sort = oneOf(query, "sort", SORTS).orElse("date_asc");
        boolean descending = sort.equals("date_desc");
        boolean skipZero = query.bool("skip_zero_qty_line_items", false);
        int limit = query.intInRange("limit", 1, CustomerHandlers.MAX_PAGE_SIZE, CustomerHandlers.MAX_PAGE_SIZE);
        Optional<SortKey> after = query.get("next_page").filter(cursor -> !cursor.isEmpty())
                .map(cursor -> SortKey.parse(PageCursor.decodeText(CURSOR_KIND + sort, cursor)));

        Comparator<CustomerInvoice> order = descending ? BY_ISSUED_AT.reversed() : BY_ISSUED_AT;
        List<CustomerInvoice> matching = ledger.invoices(request.pathParam("customer_id")).stream()
                .filter(filter)
                .filter(invoice -> after.map(key -> key.isBefore(invoice, descending)).orElse(true))
                .sorted(order)
                .limit(limit + 1L)
                .toList();
        List<CustomerInvoice> page = matching.subList(0, Math.min(limit, matching.size()));

        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        ArrayNode data = json.putArray("data");
        page.forEach(invoice -> data.add(InvoiceJson.invoice(skipZero ? invoice.withoutZeroQuantityLines() : invoice)));
        json.put("next_page", matching.size() > limit
                ? PageCursor.encodeText(CURSOR_KIND + sort, SortKey.of(page.get(page.size() - 1)).text()) : null);
        return ApiResponse.json(200, json);
    }

    private ApiResponse retrieve(EmulatorRequest request) {
        boolean skipZero = request.query().bool("skip_zero_qty_line_items", false);
        CustomerInvoice invoice = ledger.invoice(request.pathParam("customer_id"), request.pathParam("invoice_id"))
                .orElseThrow(() -> ApiException.notFound("Invoice not found"));
        return ApiResponse.data(InvoiceJson.invoice(skipZero ? invoice.withoutZeroQuantityLines() : invoice));
    }

    private static Predicate<CustomerInvoice> filter(QueryParams query) {
        Optional<InvoiceStatus> status = oneOf(query, "status",
                Arrays.stream(InvoiceStatus.values()).map(Enum::name).toList()).map(InvoiceStatus::valueOf);
        Optional<String> type = oneOf(query, "type", TYPES);
        Optional<Instant> startingOn = query.get("starting_on").map(text -> Rfc3339.parse(text, "starting_on"));
        Optional<Instant> endingBefore = query.get("ending_before").map(text -> Rfc3339.parse(text, "ending_before"));
        if (startingOn.isPresent() && endingBefore.isPresent() && !startingOn.get().isBefore(endingBefore.get())) {
            throw ApiException.badRequest("starting_on must be before ending_before");
        }
        Optional<String> creditTypeId = query.get("credit_type_id");
        boolean anyContract = query.get("contract_id").isPresent();
        return invoice -> Stream.<Predicate<CustomerInvoice>>of(
                        i -> status.map(s -> s == i.status()).orElse(true),
                        i -> type.map("USAGE"::equals).orElse(true),
                        i -> startingOn.map(s -> !i.content().start().isBefore(s)).orElse(true),
                        i -> endingBefore.map(e -> !i.content().end().isAfter(e)).orElse(true),
                        i -> creditTypeId.map(id -> id.equals(i.content().creditType().id())).orElse(true),
                        i -> !anyContract)
                .allMatch(test -> test.test(invoice));
    }

    /** The parameter when given, which must be one of {@code allowed} (exactly, as the SDK spells them). */
    private static Optional<String> oneOf(QueryParams query, String name, List<String> allowed) {
        Optional<String> value = query.get(name);
        if (value.isPresent() && !allowed.contains(value.get())) {
            throw ApiException.badRequest(name + " must be one of " + String.join(", ", allowed) + ", got \""
                    + value.get() + "\"");
        }
        return value;
    }

    /** Where a page ended: the last invoice's issued_at and id, in the cursor as "epochSecond/id". */
    private record SortKey(long issuedAtSecond, String id) {
        static SortKey of(CustomerInvoice invoice) {
            return new SortKey(invoice.issuedAt().getEpochSecond(), invoice.id());
        }

        static SortKey parse(String text) {
            int slash = text.indexOf('/');
            try {
                if (slash > 0 && slash < text.length() - 1) {
                    return new SortKey(Long.parseLong(text.substring(0, slash)), text.substring(slash + 1));
                }
            } catch (NumberFormatException malformed) {
                // reported below
            }
            throw ApiException.badRequest("Invalid next_page cursor");
        }

        String text() {
            return issuedAtSecond + "/" + id;
        }

        /** Whether {@code invoice} comes after this key in the list's order. */
        boolean isBefore(CustomerInvoice invoice, boolean descending) {
            int compared = Long.compare(invoice.issuedAt().getEpochSecond(), issuedAtSecond);
            if (compared == 0) {
                compared = invoice.id().compareTo(id);
            }
            return descending ? compared < 0 : compared > 0;
        }
    }
}
