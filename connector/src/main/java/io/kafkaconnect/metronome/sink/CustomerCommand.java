package io.kafkaconnect.metronome.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.client.model.UsageEvent;
import java.util.List;
import java.util.Map;

/** One validated command of {@code schemas/customer_command.avsc}; {@link CommandParser} builds them. */
public sealed interface CustomerCommand {

    String commandId();

    CustomerAction action();

    /**
     * The customer the command is about; for {@link Create} its natural key, the ingest alias (null for a CREATE
     * without one).
     */
    CustomerRef customer();

    /** The lane the command applies in: commands with the same key apply one after another, in topic order. */
    default String laneKey() {
        return customer().laneKey();
    }

    /**
     * Creates the customer unless one owns {@code ingestAlias} already; without {@code ingestAlias}, creates it
     * under the Idempotency-Key of the command id alone.
     *
     * @param ingestAlias   the natural key, or null
     * @param ingestAliases every alias of the new customer, {@code ingestAlias} first; may be empty
     * @param externalId    the customer's external_id, or null
     */
    record Create(String commandId, String ingestAlias, String name, List<String> ingestAliases, String externalId,
                  Map<String, String> customFields, JsonNode billingConfig,
                  JsonNode billingProviderConfigurations) implements CustomerCommand {
        @Override
        public CustomerAction action() {
            return CustomerAction.CREATE;
        }

        @Override
        public CustomerRef customer() {
            return ingestAlias == null ? null : CustomerRef.byAlias(ingestAlias);
        }

        /** A CREATE without an alias names no customer yet: it has a lane of its own. */
        @Override
        public String laneKey() {
            return ingestAlias == null ? "command:" + commandId : customer().laneKey();
        }
    }

    record SetName(String commandId, CustomerRef customer, String name) implements CustomerCommand {
        @Override
        public CustomerAction action() {
            return CustomerAction.SET_NAME;
        }
    }

    /** Replaces the customer's whole alias set. */
    record SetIngestAliases(String commandId, CustomerRef customer, List<String> ingestAliases)
            implements CustomerCommand {
        @Override
        public CustomerAction action() {
            return CustomerAction.SET_INGEST_ALIASES;
        }
    }

    record Archive(String commandId, CustomerRef customer) implements CustomerCommand {
        @Override
        public CustomerAction action() {
            return CustomerAction.ARCHIVE;
        }
    }

    /** Sets the non-null settings; at least one is set. */
    record UpdateConfig(String commandId, CustomerRef customer, Boolean leaveStripeInvoicesInDraft,
                        String salesforceAccountId) implements CustomerCommand {
        @Override
        public CustomerAction action() {
            return CustomerAction.UPDATE_CONFIG;
        }
    }

    /** Previews 1-100 events on the customer's draft invoice; changes nothing in Metronome. */
    record PreviewEvents(String commandId, CustomerRef customer, List<UsageEvent> events, String mode,
                         Boolean skipZeroQtyLineItems) implements CustomerCommand {
        @Override
        public CustomerAction action() {
            return CustomerAction.PREVIEW_EVENTS;
        }
    }
}
