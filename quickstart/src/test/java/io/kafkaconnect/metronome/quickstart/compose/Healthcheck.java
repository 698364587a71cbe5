package io.kafkaconnect.metronome.quickstart.compose;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's {@code healthcheck}: the command (the words after {@code CMD}) and Compose's timing. Compose gives up
 * on a service that fails {@code retries} checks in a row once {@code start_period} is over.
 */
public record Healthcheck(List<String> command, Duration interval, Duration timeout, int retries, Duration startPeriod) {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|h|m|s|us)");

    static Healthcheck read(String service, JsonNode node) {
        JsonNode test = node.path("test");
        if (!test.isArray() || test.isEmpty() || !"CMD".equals(test.get(0).asText())) {
            throw new IllegalArgumentException("Service " + service + ": the emulation runs healthchecks written as"
                    + " [\"CMD\", ...], not " + test);
        }
        List<String> command = new ArrayList<>();
        for (int i = 1; i < test.size(); i++) {
            command.add(test.get(i).asText());
        }
        return new Healthcheck(command, duration(node.path("interval").asText("30s")),
                duration(node.path("timeout").asText("30s")), node.path("retries").asInt(3),
                duration(node.path("start_period").asText("0s")));
    }

    /** How long Compose waits at most before it calls the service unhealthy. */
    public Duration patience() {
        return startPeriod.plus(interval.plus(timeout).multipliedBy(retries));
    }

    /** {@code 1m30s}, {@code 500ms}, {@code 5s}. */
    static Duration duration(String text) {
        Matcher parts = DURATION_PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (parts.find() && parts.start() == end) {
            long n = Long.parseLong(parts.group(1));
            total = total.plus(switch (parts.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                case "ms" -> Duration.ofMillis(n);
                default -> Duration.ofNanos(n * 1000);
            });
            end = parts.end();
        }
        if (end != text.length() || text.isEmpty()) {
            throw new IllegalArgumentException("Not a compose duration: " + text);
        }
        return total;
    }
}
