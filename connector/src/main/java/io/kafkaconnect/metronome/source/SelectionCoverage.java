package io.kafkaconnect.metronome.source;

import io.kafkaconnect.metronome.client.model.CustomerDetail;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one customers scan met of a {@link CustomerSelection}: tells whether a customer was met already in this scan
 * (one listed both by id and by Salesforce account comes from two queries), and at the end of the scan warns about
 * listed ids that matched no customer, active or archived, which is most often a typo. Holds nothing when every
 * customer is copied.
 */
final class SelectionCoverage {

    private static final Logger log = LoggerFactory.getLogger(SelectionCoverage.class);
    private static final int IDS_IN_WARNING = 20;

    private final CustomerSelection selection;
    private final Set<String> customerIds = new HashSet<>();
    private final Set<String> salesforceAccountIds = new HashSet<>();
    /** False while the scan under way began before this task started: what it met before is unknown. */
    private boolean wholeScan;
    private List<String> lastWarned = List.of();

    SelectionCoverage(CustomerSelection selection, boolean scanStartsNow) {
        this.selection = selection;
        this.wholeScan = scanStartsNow;
    }

    /** Records a customer the scan met; false when it met this one already. */
    boolean firstSighting(CustomerDetail customer) {
        if (selection.everyCustomer()) {
            return true;
        }
        if (customer.customerConfig() != null && customer.customerConfig().salesforceAccountId() != null) {
            salesforceAccountIds.add(customer.customerConfig().salesforceAccountId());
        }
        return customerIds.add(customer.id());
    }

    /** Warns about the listed ids this scan did not meet (once per change of that list), then starts over. */
    void scanDone() {
        if (selection.everyCustomer()) {
            return;
        }
        if (wholeScan) {
            List<String> unmatched = new ArrayList<>();
            selection.customerIds().stream().filter(id -> !customerIds.contains(id))
                    .forEach(id -> unmatched.add(CustomerSelection.CUSTOMER_IDS + " " + id));
            selection.salesforceAccountIds().stream().filter(id -> !salesforceAccountIds.contains(id))
                    .forEach(id -> unmatched.add(CustomerSelection.SALESFORCE_ACCOUNT_IDS + " " + id));
            if (!unmatched.isEmpty() && !unmatched.equals(lastWarned)) {
                log.warn("{} listed id(s) match no Metronome customer, active or archived (a typo?): {}{}",
                        unmatched.size(), unmatched.subList(0, Math.min(unmatched.size(), IDS_IN_WARNING)),
                        unmatched.size() > IDS_IN_WARNING ? " and more" : "");
            }
            lastWarned = unmatched;
        }
        customerIds.clear();
        salesforceAccountIds.clear();
        wholeScan = true;
    }
}
