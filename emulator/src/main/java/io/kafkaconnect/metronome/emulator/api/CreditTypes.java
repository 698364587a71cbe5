package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaconnect.metronome.emulator.http.JsonCodec;
import io.kafkaconnect.metronome.emulator.state.CreditType;

/** The wire shape of a credit type ({@code CreditTypeData}): {@code {id, name}}. */
final class CreditTypes {
    private CreditTypes() {
    }

    static ObjectNode json(CreditType creditType) {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        json.put("id", creditType.id());
        json.put("name", creditType.name());
        return json;
    }
}
