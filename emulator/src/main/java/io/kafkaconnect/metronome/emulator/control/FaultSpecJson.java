package io.kafkaconnect.metronome.emulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaconnect.metronome.emulator.ApiException;
import io.kafkaconnect.metronome.emulator.FaultSpec;
import io.kafkaconnect.metronome.emulator.http.JsonCodec;

/** {@link FaultSpec} to and from the JSON of {@code PUT /_emulator/faults}; every field is optional. */
final class FaultSpecJson {
    private FaultSpecJson() {
    }

    static FaultSpec read(JsonNode body) {
        FaultSpec.Builder builder = FaultSpec.builder();
        JsonNode status = integral(body, "status");
        if (status != null) {
            builder.status(status.intValue());
        }
        JsonNode ratio = body.get("ratio");
        if (ratio != null && !ratio.isNull()) {
            if (!ratio.isNumber()) {
                throw ApiException.badRequest("ratio must be a number");
            }
            builder.ratio(ratio.doubleValue());
        }
        JsonNode retryAfter = integral(body, "retry_after_seconds");
        if (retryAfter != null) {
            builder.retryAfterSeconds(retryAfter.intValue());
        }
        JsonNode latency = integral(body, "latency_ms");
        if (latency != null) {
            builder.latencyMs(latency.longValue());
        }
        JsonNode seed = integral(body, "seed");
        if (seed != null) {
            builder.seed(seed.longValue());
        }
        JsonNode prefix = body.get("path_prefix");
        if (prefix != null && !prefix.isNull()) {
            if (!prefix.isTextual()) {
                throw ApiException.badRequest("path_prefix must be a string");
            }
            builder.pathPrefix(prefix.asText());
        }
        JsonNode message = body.get("message");
        if (message != null && !message.isNull()) {
            if (!message.isTextual()) {
                throw ApiException.badRequest("message must be a string");
            }
            builder.message(message.asText());
        }
        JsonNode applyBeforeError = body.get("apply_before_error");
        if (applyBeforeError != null && !applyBeforeError.isNull()) {
            if (!applyBeforeError.isBoolean()) {
                throw ApiException.badRequest("apply_before_error must be a boolean");
            }
            builder.applyBeforeError(applyBeforeError.booleanValue());
        }
        return builder.build();
    }

    static ObjectNode write(FaultSpec spec) {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        json.put("status", spec.status());
        json.put("ratio", spec.ratio());
        json.put("retry_after_seconds", spec.retryAfterSeconds());
        json.put("latency_ms", spec.latencyMs());
        json.put("path_prefix", spec.pathPrefix());
        json.put("seed", spec.seed());
        json.put("apply_before_error", spec.applyBeforeError());
        json.put("message", spec.status() == 0 ? null : spec.errorMessage());
        return json;
    }

    private static JsonNode integral(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ApiException.badRequest(field + " must be an integer");
        }
        return value;
    }
}
