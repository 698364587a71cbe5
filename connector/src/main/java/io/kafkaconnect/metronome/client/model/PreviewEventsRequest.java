package io.kafkaconnect.metronome.client.model;

import java.util.List;

/** Body of {@code POST /v1/customers/{id}/previewEvents}. {@code mode} is "replace" or "merge". */
public record PreviewEventsRequest(List<UsageEvent> events, String mode, Boolean skipZeroQtyLineItems) {
}
