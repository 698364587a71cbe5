package io.kafkaconnect.metronome.emulator.state;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** A validated create-customer request; {@code externalId} and {@code billingConfig} may be null. */
public record NewCustomer(String name, List<String> ingestAliases, String externalId,
                          Map<String, String> customFields, JsonNode billingConfig) {
}
