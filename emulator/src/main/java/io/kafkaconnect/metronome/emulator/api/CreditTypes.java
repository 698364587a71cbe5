package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaconnect.metronome.emulator.http.JsonCodec;

/** The emulator prices everything in Metronome's default credit type, US cents. */
final class CreditTypes {
    static final String USD_CENTS_ID = "2714e483-4ff1-48e4-9e25-ac732e8f24f2";
    static final String USD_CENTS_NAME = "USD (cents)";

    private CreditTypes() {
    }

    static ObjectNode usdCents() {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        json.put("id", USD_CENTS_ID);
        json.put("name", USD_CENTS_NAME);
        return json;
    }
}
