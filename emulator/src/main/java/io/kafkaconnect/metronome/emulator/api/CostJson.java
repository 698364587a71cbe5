package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaconnect.metronome.emulator.billing.CostLine;
import io.kafkaconnect.metronome.emulator.billing.DailyCost;
import io.kafkaconnect.metronome.emulator.http.JsonCodec;

/** The wire shape of one daily cost bucket; {@code credit_types} is empty when nothing is rated. */
final class CostJson {
    private CostJson() {
    }

    static ObjectNode bucket(DailyCost day) {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        json.put("start_timestamp", day.start().toString());
        json.put("end_timestamp", day.end().toString());
        ObjectNode creditTypes = json.putObject("credit_types");
        if (!day.lines().isEmpty()) {
            ObjectNode usd = creditTypes.putObject(CreditTypes.USD_CENTS_ID);
            usd.put("name", CreditTypes.USD_CENTS_NAME);
            usd.put("cost", day.total());
            ArrayNode breakdown = usd.putArray("line_item_breakdown");
            for (CostLine line : day.lines()) {
                ObjectNode item = breakdown.addObject();
                item.put("name", line.name());
                item.put("cost", line.cost());
                if (line.groupKey() != null) {
                    item.put("group_key", line.groupKey());
                    item.put("group_value", line.groupValue());
                }
            }
        }
        return json;
    }
}
