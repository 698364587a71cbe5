package io.kafkaconnect.metronome.source;

import io.kafkaconnect.metronome.config.MetronomeConnectionConfig;
import io.kafkaconnect.metronome.config.Validators.OptionalDateValidator;
import io.kafkaconnect.metronome.config.Validators.OptionalTopicNameValidator;
import io.kafkaconnect.metronome.config.Validators.TopicNameValidator;
import io.kafkaconnect.metronome.schema.DecimalHandlingMode;
import io.kafkaconnect.metronome.source.SourceConfigValidators.DecimalHandlingModeRecommender;
import io.kafkaconnect.metronome.source.SourceConfigValidators.DecimalHandlingModeValidator;
import io.kafkaconnect.metronome.source.SourceConfigValidators.StreamsRecommender;
import io.kafkaconnect.metronome.source.SourceConfigValidators.StreamsValidator;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Settings of the source connector: which streams to run, where to write them, and how far back costs go. */
public final class MetronomeSourceConfig extends MetronomeConnectionConfig {

    public static final String STREAMS_GROUP = "Streams";
    public static final String TOPICS_GROUP = "Topics";
    public static final String COSTS_GROUP = "Costs";
    public static final String INVOICES_GROUP = "Invoices";

    public static final String STREAMS = "streams";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String CUSTOMERS_PAGE_SIZE = "customers.page.size";
    public static final String CUSTOMERS_ARCHIVED_TOMBSTONES = "customers.archived.tombstones";

    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String PROGRESS_TOPIC = "progress.topic";

    public static final String COSTS_START_DATE = "costs.start.date";
    public static final String COSTS_LOOKBACK_DAYS = "costs.lookback.days";
    public static final String COSTS_WINDOW_DAYS = "costs.window.days";
    public static final String DECIMAL_HANDLING_MODE = "decimal.handling.mode";
    public static final String COSTS_LINE_ITEMS = "costs.line.items";
    /** The topic of the cost line items is {@code <topic.prefix>.}{@value}. */
    public static final String COST_LINE_ITEMS_TOPIC_SUFFIX = "cost_line_items";

    public static final String INVOICES_INCLUDE_DRAFTS = "invoices.include.drafts";
    public static final String INVOICES_START_DATE = "invoices.start.date";
    /** The topic of the invoice line items is {@code <topic.prefix>.}{@value}. */
    public static final String INVOICE_LINE_ITEMS_TOPIC_SUFFIX = "invoice_line_items";

    public static final ConfigDef CONFIG_DEF = configDef();

    public MetronomeSourceConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, "metronome-source");
    }

    private static ConfigDef configDef() {
        ConfigDef def = MetronomeConnectionConfig.addTo(new ConfigDef());
        int order = 0;
        def.define(STREAMS, Type.LIST, "customers,costs,billable_metrics", new StreamsValidator(), Importance.HIGH,
                        "Streams to copy into Kafka: customers, costs, billable_metrics, invoices (not in the default, "
                                + "so an upgrade writes to no new topic).",
                        STREAMS_GROUP, ++order, Width.MEDIUM, "Streams", new StreamsRecommender())
                .define(POLL_INTERVAL_MS, Type.LONG, 60_000L, Range.atLeast(100), Importance.MEDIUM,
                        "Pause between two complete scans of a stream (customers list, costs and billable metrics of "
                                + "every customer). Metronome has no change feed, so changes show up within one scan "
                                + "plus this interval. A short interval does not overload Metronome: "
                                + MetronomeConnectionConfig.REQUESTS_PER_SECOND + " bounds the requests even when "
                                + "scans run back to back.",
                        STREAMS_GROUP, ++order, Width.SHORT, "Poll interval (ms)")
                .define(CUSTOMERS_PAGE_SIZE, Type.INT, 100, Range.between(1, 100), Importance.LOW,
                        "Customers per list request (Metronome allows 1-100).",
                        STREAMS_GROUP, ++order, Width.SHORT, "Customers page size")
                .define(CUSTOMERS_ARCHIVED_TOMBSTONES, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Follow each archived customer's record (which carries archived_at) with a tombstone, so a "
                                + "compacted customers topic forgets archived customers.",
                        STREAMS_GROUP, ++order, Width.SHORT, "Tombstones for archived customers");
        CustomerSelection.addTo(def);
        order = 0;
        def.define(TOPIC_PREFIX, Type.STRING, "metronome", new TopicNameValidator(), Importance.HIGH,
                        "Prefix of the topics: <prefix>.customers, <prefix>.costs, <prefix>.billable_metrics, "
                                + "<prefix>." + COST_LINE_ITEMS_TOPIC_SUFFIX + " with " + COSTS_LINE_ITEMS + "=true, "
                                + "and <prefix>.invoices with <prefix>." + INVOICE_LINE_ITEMS_TOPIC_SUFFIX + ".",
                        TOPICS_GROUP, ++order, Width.MEDIUM, "Topic prefix")
                .define(PROGRESS_TOPIC, Type.STRING, null, new OptionalTopicNameValidator(), Importance.LOW,
                        "Topic of the small progress records (one per page of customers scanned) that let Connect "
                                + "store the scan position when a page brought no changed data; "
                                + "default <prefix>.progress. Safe to keep short retention.",
                        TOPICS_GROUP, ++order, Width.MEDIUM, "Progress topic");
        order = 0;
        def.define(COSTS_START_DATE, Type.STRING, null, new OptionalDateValidator(), Importance.MEDIUM,
                        "First UTC day (YYYY-MM-DD) whose costs are copied for a customer seen for the first time. "
                                + "Empty: start " + COSTS_LOOKBACK_DAYS + " days before the day the customer is first seen.",
                        COSTS_GROUP, ++order, Width.SHORT, "Costs start date")
                .define(COSTS_LOOKBACK_DAYS, Type.INT, 3, Range.between(0, 90), Importance.MEDIUM,
                        "Closed days re-read on every scan to catch late usage; a day's records are emitted again "
                                + "only if its costs changed.",
                        COSTS_GROUP, ++order, Width.SHORT, "Lookback (days)")
                .define(COSTS_WINDOW_DAYS, Type.INT, 31, Range.between(1, 366), Importance.LOW,
                        "Days requested per costs call while catching up from the start date.",
                        COSTS_GROUP, ++order, Width.SHORT, "Days per costs request")
                .define(DECIMAL_HANDLING_MODE, Type.STRING, DecimalHandlingMode.PRECISE.id(),
                        new DecimalHandlingModeValidator(), Importance.MEDIUM,
                        "How money (the costs' cost fields, the invoices' and their line items' amounts) is written. Metronome's numbers are always read exactly "
                                + "(never through a double). precise: an Avro decimal(38,18) (Connect Decimal, "
                                + "scale 18): the exact value padded with trailing zeros to 18 decimals; a value "
                                + "that would need rounding fails the task instead of changing a digit. string: the "
                                + "exact digits Metronome sent, as text. double: a 64-bit float, lossy beyond about "
                                + "15 significant digits. string and double change the registered schema of the "
                                + "costs, cost line items, invoices and invoice line items topics (they then differ from "
                                + "the files in schemas/).",
                        COSTS_GROUP, ++order, Width.SHORT, "Decimal handling mode",
                        new DecimalHandlingModeRecommender())
                .define(COSTS_LINE_ITEMS, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Also write every line item of a day's costs as its own flat record (schemas/"
                                + "cost_line_item.avsc) to <prefix>." + COST_LINE_ITEMS_TOPIC_SUFFIX + ", keyed by "
                                + "customer, day, credit type, line item name, group key and group value, for sinks "
                                + "that load flat rows only. They are written exactly when their day's costs record "
                                + "is, in the same batch; the costs record keeps its line_item_breakdown. Off by "
                                + "default, so an upgrade writes to no new topic: create the topic beforehand unless "
                                + "the brokers auto-create topics. No effect without the costs stream.",
                        COSTS_GROUP, ++order, Width.SHORT, "Cost line items topic");
        order = 0;
        def.define(INVOICES_INCLUDE_DRAFTS, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Also write each customer's DRAFT invoices (the open billing period, month to date) to "
                                + "<prefix>.invoices, with their line items, whenever their content changes; the "
                                + "same invoice id is written again as FINALIZED when its period closes. Off: only "
                                + "FINALIZED and VOID invoices, each once. No effect without the invoices stream.",
                        INVOICES_GROUP, ++order, Width.SHORT, "Include draft invoices")
                .define(INVOICES_START_DATE, Type.STRING, null, new OptionalDateValidator(), Importance.MEDIUM,
                        "For a customer seen for the first time, copy only the invoices of billing periods starting "
                                + "on or after this UTC day (YYYY-MM-DD). Empty: every invoice of the customer.",
                        INVOICES_GROUP, ++order, Width.SHORT, "Invoices start date");
        return def;
    }

    public Set<SourceStreamName> streams() {
        EnumSet<SourceStreamName> streams = EnumSet.noneOf(SourceStreamName.class);
        getList(STREAMS).forEach(name -> streams.add(SourceStreamName.of(name.trim())));
        return streams;
    }

    public Duration pollInterval() {
        return Duration.ofMillis(getLong(POLL_INTERVAL_MS));
    }

    public int customersPageSize() {
        return getInt(CUSTOMERS_PAGE_SIZE);
    }

    public boolean archivedTombstones() {
        return getBoolean(CUSTOMERS_ARCHIVED_TOMBSTONES);
    }

    public String topic(SourceStreamName stream) {
        return getString(TOPIC_PREFIX) + "." + stream.id();
    }

    /** Whether the costs stream also writes {@link #costLineItemsTopic()}. */
    public boolean costLineItems() {
        return getBoolean(COSTS_LINE_ITEMS);
    }

    public String costLineItemsTopic() {
        return getString(TOPIC_PREFIX) + "." + COST_LINE_ITEMS_TOPIC_SUFFIX;
    }

    public String progressTopic() {
        String configured = getString(PROGRESS_TOPIC);
        return configured == null || configured.isBlank() ? getString(TOPIC_PREFIX) + ".progress" : configured;
    }

    public Optional<LocalDate> costsStartDate() {
        String value = getString(COSTS_START_DATE);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(LocalDate.parse(value.trim()));
    }

    public int costsLookbackDays() {
        return getInt(COSTS_LOOKBACK_DAYS);
    }

    public int costsWindowDays() {
        return getInt(COSTS_WINDOW_DAYS);
    }

    public String invoiceLineItemsTopic() {
        return getString(TOPIC_PREFIX) + "." + INVOICE_LINE_ITEMS_TOPIC_SUFFIX;
    }

    public boolean invoicesIncludeDrafts() {
        return getBoolean(INVOICES_INCLUDE_DRAFTS);
    }

    public Optional<LocalDate> invoicesStartDate() {
        String value = getString(INVOICES_START_DATE);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(LocalDate.parse(value.trim()));
    }

    public DecimalHandlingMode decimalHandlingMode() {
        return DecimalHandlingMode.of(getString(DECIMAL_HANDLING_MODE));
    }
}
