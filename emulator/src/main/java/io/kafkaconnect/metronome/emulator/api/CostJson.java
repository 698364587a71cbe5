package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaconnect.metronome.emulator.billing.CostLine;
import io.kafkaconnect.metronome.emulator.billing.DailyCost;
import io.kafkaconnect.metronome.emulator.http.JsonCodec;
import io.kafkaconnect.metronome.emulator.state.CreditType;

import java.util.List;
import java.util.Map;

/** The wire shape of one daily cost bucket: costs by credit type id; {@code credit_types} is empty when nothing is rated. */
final class CostJson {
    private CostJson() {
    }

    static ObjectNode bucket(DailyCost day) {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        json.put("start_timestamp", day.start().toString());
        json.put("end_timestamp", day.end().toString());
        ObjectNode creditTypes = json.putObject("credit_types");
        for (Map.Entry<CreditType, List<CostLine>> entry : day.byCreditType().entrySet()) {
            ObjectNode creditType = creditTypes.putObject(entry.getKey().id());
            creditType.put("name", entry.getKey().name());
            creditType.put("cost", DailyCost.total(entry.getValue()));
            ArrayNode breakdown = creditType.putArray("line_item_breakdown");
            for (CostLine line : entry.getValue()) {
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
