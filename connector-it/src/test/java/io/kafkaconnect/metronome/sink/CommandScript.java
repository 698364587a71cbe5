package io.kafkaconnect.metronome.sink;

import io.kafkaconnect.metronome.emulator.CustomerSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A reproducible stream of valid commands for many customers (each starts with a CREATE, an ARCHIVE may end it;
 * customers are interleaved, each one's commands in order) and the model of Metronome's state they must lead to.
 * Commands name their customer by its first ingest alias, which every alias change keeps. Public for the
 * reliability suite, which runs the same scripts under faults.
 */
public final class CommandScript {

    /** The expected state of one customer. */
    public record Expected(String alias, String name, List<String> aliases, String salesforceAccountId,
                    Boolean leaveInDraft, boolean archived) {

        boolean matches(CustomerSnapshot actual) {
            return name.equals(actual.name()) && aliases.equals(actual.ingestAliases())
                    && java.util.Objects.equals(salesforceAccountId, actual.salesforceAccountId())
                    && java.util.Objects.equals(leaveInDraft, actual.leaveStripeInvoicesInDraft())
                    && archived == (actual.archivedAt() != null);
        }
    }

    /** The commands, as (key, JSON map) in topic order. */
    public final List<Map.Entry<String, Map<String, Object>>> commands = new ArrayList<>();
    /** Expected state by first alias. */
    public final Map<String, Expected> model = new LinkedHashMap<>();
    /** The last SET_NAME (or the CREATE name) of every customer. */
    public final Map<String, String> lastName = new LinkedHashMap<>();

    public CommandScript(String prefix, int customers, int total, long seed) {
        Random random = new Random(seed);
        List<List<Map<String, Object>>> perCustomer = new ArrayList<>();
        int perEach = total / customers;
        for (int c = 0; c < customers; c++) {
            perCustomer.add(script(prefix, c, perEach, random));
        }
        int[] next = new int[customers];
        List<Integer> open = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            open.add(c);
        }
        while (!open.isEmpty()) {
            int slot = random.nextInt(open.size());
            int c = open.get(slot);
            Map<String, Object> command = perCustomer.get(c).get(next[c]++);
            commands.add(Map.entry(prefix + c, command));
            if (next[c] == perCustomer.get(c).size()) {
                open.remove(slot);
            }
        }
    }

    private List<Map<String, Object>> script(String prefix, int c, int count, Random random) {
        String alias = prefix + c;
        List<Map<String, Object>> script = new ArrayList<>();
        String name = "Customer " + c;
        List<String> aliases = List.of(alias);
        String salesforce = null;
        Boolean leaveInDraft = null;
        boolean archived = false;
        script.add(command(alias, 0, "CREATE", Map.of("ingest_alias", alias, "name", name)));
        for (int i = 1; i < count; i++) {
            int pick = random.nextInt(100);
            if (i == count - 1 && c % 10 == 0) {
                script.add(command(alias, i, "ARCHIVE", Map.of("ingest_alias", alias)));
                archived = true;
            } else if (pick < 40) {
                name = "Customer " + c + " v" + i;
                script.add(command(alias, i, "SET_NAME", Map.of("ingest_alias", alias, "name", name)));
            } else if (pick < 60) {
                List<String> next = new ArrayList<>(List.of(alias));
                for (int k = 0, n = random.nextInt(3); k < n; k++) {
                    next.add(alias + "-x" + random.nextInt(5));
                }
                aliases = next.stream().distinct().toList();
                script.add(command(alias, i, "SET_INGEST_ALIASES", Map.of("ingest_alias", alias,
                        "ingest_aliases", aliases)));
            } else if (pick < 80) {
                Map<String, Object> fields = new LinkedHashMap<>(Map.of("ingest_alias", alias));
                if (random.nextBoolean()) {
                    salesforce = "sf-" + c + "-" + i;
                    fields.put("salesforce_account_id", salesforce);
                } else {
                    leaveInDraft = random.nextBoolean();
                    fields.put("leave_stripe_invoices_in_draft", leaveInDraft);
                }
                script.add(command(alias, i, "UPDATE_CONFIG", fields));
            } else {
                script.add(command(alias, i, "PREVIEW_EVENTS", Map.of("ingest_alias", alias,
                        "preview_events", List.of(Map.of("event_type", "api_call",
                                "properties", Map.of("units", i))))));
            }
        }
        model.put(alias, new Expected(alias, name, aliases, salesforce, leaveInDraft, archived));
        lastName.put(alias, name);
        return script;
    }

    private static Map<String, Object> command(String alias, int i, String action, Map<String, Object> fields) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("command_id", alias + "#" + i);
        command.put("action", action);
        command.putAll(fields);
        return command;
    }

    /** The commands as Kafka records with JSON-text values. */
    public List<Map.Entry<String, byte[]>> jsonRecords() {
        return commands.stream().map(e -> Map.entry(e.getKey(), SinkTestRig.json(e.getValue()))).toList();
    }

    /** Customers of the emulator (with one of this script's aliases) that differ from the model, for messages. */
    public List<String> mismatches(List<CustomerSnapshot> actual) {
        Map<String, CustomerSnapshot> byAlias = new LinkedHashMap<>();
        for (CustomerSnapshot customer : actual) {
            if (!customer.ingestAliases().isEmpty()) {
                byAlias.put(customer.ingestAliases().get(0), customer);
            }
        }
        List<String> problems = new ArrayList<>();
        model.forEach((alias, expected) -> {
            CustomerSnapshot found = byAlias.get(alias);
            if (found == null || !expected.matches(found)) {
                problems.add(alias + ": expected " + expected + " but was " + found);
            }
        });
        return problems;
    }
}
