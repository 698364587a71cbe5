package io.kafkaconnect.metronome.quickstart.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Listener lists as Kafka and Connect write them: {@code NAME://host:port,...} with an optional empty host. */
final class Listeners {

    private static final Pattern LISTENER = Pattern.compile("([^:,]+)://([^:,]*):(\\d+)");

    private Listeners() {
    }

    /** The same list with every host replaced by {@code hosts.apply(host)}. */
    static String mapHosts(String listeners, UnaryOperator<String> hosts) {
        List<String> mapped = new ArrayList<>();
        for (String listener : listeners.split(",")) {
            Matcher parts = LISTENER.matcher(listener.trim());
            if (!parts.matches()) {
                throw new IllegalArgumentException("Not a listener: " + listener + " (in " + listeners + ")");
            }
            mapped.add(parts.group(1) + "://" + hosts.apply(parts.group(2)) + ":" + parts.group(3));
        }
        return String.join(",", mapped);
    }
}
