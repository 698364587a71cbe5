package io.kafkaconnect.metronome.source;

import io.kafkaconnect.metronome.client.MetronomeRequests.CustomerQuery;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * Which customers the source copies: every customer, or those listed by Metronome id and/or Salesforce account id.
 * A customer on either list is copied. The lists reach Metronome as list customers' {@code customer_ids} and
 * {@code salesforce_account_ids} filters, which take at most {@value #MAX_VALUES_PER_REQUEST} values: a long list is
 * cut into several queries, each read page by page, so a selection is a sequence of {@link #queryCount()} queries.
 */
final class CustomerSelection {

    static final String GROUP = "Customer filter";
    static final String CUSTOMER_IDS = "customers.ids";
    static final String SALESFORCE_ACCOUNT_IDS = "customers.salesforce.account.ids";
    /** What Metronome's list customers takes per filter (seed 000: "Up to 100 ids can be provided"). */
    static final int MAX_VALUES_PER_REQUEST = 100;

    private final List<String> customerIds;
    private final List<String> salesforceAccountIds;

    CustomerSelection(List<String> customerIds, List<String> salesforceAccountIds) {
        this.customerIds = List.copyOf(customerIds);
        this.salesforceAccountIds = List.copyOf(salesforceAccountIds);
    }

    static ConfigDef addTo(ConfigDef def) {
        int order = 0;
        return def.define(CUSTOMER_IDS, Type.LIST, "", new IdListValidator(), Importance.MEDIUM,
                        "Copy only these customers (Metronome customer ids, comma-separated), in the customers stream "
                                + "and in the per-customer streams (costs, billable metrics, invoices). Empty: every customer. "
                                + "With " + SALESFORCE_ACCOUNT_IDS + " too, a customer on either list is copied. Sent "
                                + "to Metronome as the customer_ids filter, " + MAX_VALUES_PER_REQUEST
                                + " ids per request. Ids that match no customer are logged at WARN after each scan; "
                                + "customers taken off the list keep the records already written.",
                        GROUP, ++order, Width.LONG, "Customer ids")
                .define(SALESFORCE_ACCOUNT_IDS, Type.LIST, "", new IdListValidator(), Importance.MEDIUM,
                        "Copy only the customers linked to these Salesforce account ids (comma-separated), in every "
                                + "stream. Empty: no filter by Salesforce account. With " + CUSTOMER_IDS + " too, a "
                                + "customer on either list is copied. Sent to Metronome as the salesforce_account_ids "
                                + "filter, " + MAX_VALUES_PER_REQUEST + " ids per request.",
                        GROUP, ++order, Width.LONG, "Salesforce account ids");
    }

    static CustomerSelection of(AbstractConfig config) {
        return new CustomerSelection(config.getList(CUSTOMER_IDS), config.getList(SALESFORCE_ACCOUNT_IDS));
    }

    /** True when no list is set: one unfiltered query. */
    boolean everyCustomer() {
        return customerIds.isEmpty() && salesforceAccountIds.isEmpty();
    }

    /** Whether one customer can come from two queries: one matched by its id and one by its Salesforce account. */
    boolean mayRepeat() {
        return !customerIds.isEmpty() && !salesforceAccountIds.isEmpty();
    }

    int queryCount() {
        return everyCustomer() ? 1 : chunks(customerIds) + chunks(salesforceAccountIds);
    }

    /** Query {@code index} (0 to {@link #queryCount()} - 1): customer id chunks first, then Salesforce ones. */
    CustomerQuery query(int index, int limit, String nextPage, boolean onlyArchived) {
        if (index < 0 || index >= queryCount()) {
            throw new IllegalArgumentException("query " + index + " of " + queryCount());
        }
        Boolean archived = onlyArchived ? Boolean.TRUE : null;
        if (everyCustomer()) {
            return new CustomerQuery(null, null, archived, null, limit, nextPage);
        }
        int idChunks = chunks(customerIds);
        return index < idChunks
                ? new CustomerQuery(chunk(customerIds, index), null, archived, null, limit, nextPage)
                : new CustomerQuery(null, null, archived, chunk(salesforceAccountIds, index - idChunks), limit,
                        nextPage);
    }

    List<String> customerIds() {
        return customerIds;
    }

    List<String> salesforceAccountIds() {
        return salesforceAccountIds;
    }

    private static int chunks(List<String> values) {
        return (values.size() + MAX_VALUES_PER_REQUEST - 1) / MAX_VALUES_PER_REQUEST;
    }

    private static List<String> chunk(List<String> values, int index) {
        int from = index * MAX_VALUES_PER_REQUEST;
        return values.subList(from, Math.min(values.size(), from + MAX_VALUES_PER_REQUEST));
    }

    /**
     * Ids as sent in a comma-separated query parameter: each one non-empty, without whitespace or commas (Connect
     * already split the list at commas and trimmed each entry), and each once.
     */
    static final class IdListValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> ids = value == null ? List.of() : (List<String>) value;
            Set<String> seen = new HashSet<>();
            for (String id : ids) {
                if (id.isEmpty()) {
                    throw new ConfigException(name, value, "has an empty entry; separate ids with single commas");
                }
                if (id.chars().anyMatch(Character::isWhitespace)) {
                    throw new ConfigException(name, value, "'" + id + "' contains whitespace; separate ids with "
                            + "commas");
                }
                if (!seen.add(id)) {
                    throw new ConfigException(name, value, "lists '" + id + "' twice");
                }
            }
        }

        @Override
        public String toString() {
            return "comma-separated ids, each once; empty for no filter";
        }
    }

    @Override
    public String toString() {
        return everyCustomer() ? "every customer"
                : customerIds.size() + " customer id(s) and " + salesforceAccountIds.size()
                        + " Salesforce account id(s) in " + queryCount() + " list queries";
    }
}
