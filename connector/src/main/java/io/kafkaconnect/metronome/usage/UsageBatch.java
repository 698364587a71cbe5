package io.kafkaconnect.metronome.usage;

import io.kafkaconnect.metronome.client.model.UsageEvent;
import java.util.ArrayList;
import java.util.List;

/** Events that go to Metronome in one ingest request (1 to {@code usage.batch.max.events}), in record order. */
record UsageBatch(List<ParsedEvent> events) {

    UsageBatch {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one event");
        }
        events = List.copyOf(events);
    }

    /** Cuts the events into batches of at most {@code maxEvents}, keeping their order. */
    static List<UsageBatch> of(List<ParsedEvent> events, int maxEvents) {
        List<UsageBatch> batches = new ArrayList<>((events.size() + maxEvents - 1) / maxEvents);
        for (int from = 0; from < events.size(); from += maxEvents) {
            batches.add(new UsageBatch(events.subList(from, Math.min(from + maxEvents, events.size()))));
        }
        return batches;
    }

    int size() {
        return events.size();
    }

    /** The request body. */
    List<UsageEvent> usageEvents() {
        return events.stream().map(ParsedEvent::event).toList();
    }

    /** The first and the second half (the first one longer by one for an odd size); only for two or more events. */
    List<UsageBatch> halves() {
        int middle = (events.size() + 1) / 2;
        return List.of(new UsageBatch(events.subList(0, middle)), new UsageBatch(events.subList(middle, events.size())));
    }
}
