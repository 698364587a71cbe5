package io.kafkaconnect.metronome.client.model;

/** Body of {@code POST /v1/customers/{id}/updateConfig}; null fields are left out. */
public record UpdateConfigRequest(Boolean leaveStripeInvoicesInDraft, String salesforceAccountId) {
}
