package io.kafkaconnect.metronome.usage;

import io.kafkaconnect.metronome.client.JsonBody;
import io.kafkaconnect.metronome.client.model.UsageEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Events that go to Metronome in one ingest request (1 to {@code usage.batch.max.events}), in record order, with
 * the request body written once when the batch is cut (on the task thread; each attempt sends the same bytes).
 */
final class UsageBatch {

    private final List<ParsedEvent> events;
    private final JsonBody body;

    UsageBatch(List<ParsedEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one event");
        }
        this.events = List.copyOf(events);
        this.body = JsonBody.of(this.events.stream().map(ParsedEvent::event).toList());
    }

    /** Cuts the events into batches of at most {@code maxEvents}, keeping their order. */
    static List<UsageBatch> of(List<ParsedEvent> events, int maxEvents) {
        List<UsageBatch> batches = new ArrayList<>((events.size() + maxEvents - 1) / maxEvents);
        for (int from = 0; from < events.size(); from += maxEvents) {
            batches.add(new UsageBatch(events.subList(from, Math.min(from + maxEvents, events.size()))));
        }
        return batches;
    }

    List<ParsedEvent> events() {
        return events;
    }

    int size() {
        return events.size();
    }

    /** The request body: the JSON array of these events' {@link UsageEvent}s. */
    JsonBody body() {
        return body;
    }

    /**
     * The first and the second half (the first one longer by one for an odd size), each with its own body; only for
     * two or more events.
     */
    List<UsageBatch> halves() {
        int middle = (events.size() + 1) / 2;
        return List.of(new UsageBatch(events.subList(0, middle)), new UsageBatch(events.subList(middle, events.size())));
    }
}
