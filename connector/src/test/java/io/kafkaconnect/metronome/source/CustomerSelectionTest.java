package io.kafkaconnect.metronome.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaconnect.metronome.client.MetronomeRequests.CustomerQuery;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The customer filter settings as list-customers queries: at most 100 values a query, ids first. */
class CustomerSelectionTest {

    @Test
    void noListIsOneUnfilteredQuery() {
        CustomerSelection every = CustomerSelection.of(config(Map.of()));
        assertThat(every.everyCustomer()).isTrue();
        assertThat(every.queryCount()).isEqualTo(1);
        assertThat(every.query(0, 50, "c", true)).isEqualTo(new CustomerQuery(null, null, true, null, 50, "c"));
        assertThat(every.query(0, 50, null, false)).isEqualTo(new CustomerQuery(null, null, null, null, 50, null));
    }

    @Test
    void longListsAreCutIntoQueriesOfAtMost100ValuesIdsFirst() {
        List<String> ids = values("c", 201);
        List<String> accounts = values("sf", 100);
        CustomerSelection selection = CustomerSelection.of(config(Map.of(
                "customers.ids", String.join(",", ids),
                "customers.salesforce.account.ids", String.join(" , ", accounts))));

        assertThat(selection.queryCount()).isEqualTo(4);
        assertThat(selection.mayRepeat()).isTrue();
        assertThat(selection.query(0, 100, null, false).customerIds()).isEqualTo(ids.subList(0, 100));
        assertThat(selection.query(1, 100, null, false).customerIds()).isEqualTo(ids.subList(100, 200));
        CustomerQuery last = selection.query(2, 100, "p", true);
        assertThat(last).isEqualTo(new CustomerQuery(List.of("c200"), null, true, null, 100, "p"));
        CustomerQuery salesforce = selection.query(3, 100, null, false);
        assertThat(salesforce.customerIds()).isNull();
        assertThat(salesforce.salesforceAccountIds()).isEqualTo(accounts);
        assertThatThrownBy(() -> selection.query(4, 100, null, false)).isInstanceOf(IllegalArgumentException.class);

        CustomerSelection onlyAccounts = CustomerSelection.of(config(Map.of("customers.salesforce.account.ids", "a")));
        assertThat(onlyAccounts.queryCount()).isEqualTo(1);
        assertThat(onlyAccounts.mayRepeat()).isFalse();
        assertThat(onlyAccounts.query(0, 10, null, false).salesforceAccountIds()).containsExactly("a");
    }

    @Test
    void refusesEmptyEntriesWhitespaceAndRepeatsNamingTheSetting() {
        for (String setting : List.of("customers.ids", "customers.salesforce.account.ids")) {
            assertRefused(setting, "a,,b", "has an empty entry");
            assertRefused(setting, "a,", "has an empty entry");
            assertRefused(setting, "a b", "'a b' contains whitespace");
            assertRefused(setting, "a,b,a", "lists 'a' twice");
        }
        assertThat(CustomerSelection.of(config(Map.of("customers.ids", " "))).everyCustomer()).isTrue();
    }

    private static void assertRefused(String setting, String value, String reason) {
        assertThatThrownBy(() -> config(Map.of(setting, value))).as("%s=%s", setting, value)
                .isInstanceOf(ConfigException.class).hasMessageContaining(setting).hasMessageContaining(reason);
    }

    private static List<String> values(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static MetronomeSourceConfig config(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(extra);
        props.put("metronome.api.token", "t");
        return new MetronomeSourceConfig(props);
    }
}
