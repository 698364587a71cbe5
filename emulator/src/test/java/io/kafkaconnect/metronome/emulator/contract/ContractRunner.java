package io.kafkaconnect.metronome.emulator.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kafkaconnect.metronome.emulator.contract.ContractCase.Expect;
import io.kafkaconnect.metronome.emulator.contract.ContractCase.Request;
import io.kafkaconnect.metronome.emulator.contract.ContractCase.Step;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one {@link ContractCase} over real HTTP against a base URL: the setup steps, the call under test, then the
 * follow-up checks, carrying captured values from step to step. Throws an AssertionError that names the case, its
 * seed, the request and the whole answer.
 */
final class ContractRunner {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)}");
    private static final Set<String> MATCHERS =
            Set.of("equals", "type", "present", "absent", "null", "matches", "contains", "size", "sameAs");

    private final String baseUrl;
    private final String token;
    private final Map<String, JsonNode> variables = new HashMap<>();
    /** The real time the case started, for {@code $now}: ingest refuses timestamps far from the server's now. */
    private final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** @param headers lower-case header name to its first value */
    private record Answer(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            if (body.isEmpty()) {
                return MissingNode.getInstance();
            }
            try {
                return ContractCase.JSON.readTree(body);
            } catch (IOException notJson) {
                return MissingNode.getInstance();
            }
        }
    }

    ContractRunner(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
        // Lets a case make names that do not collide with earlier runs against a long-lived account.
        variables.put("unique", TextNode.valueOf(UUID.randomUUID().toString().substring(0, 8)));
    }

    void run(ContractCase contract) {
        for (int i = 0; i < contract.setup().size(); i++) {
            runStep(contract, "setup step " + (i + 1), contract.setup().get(i));
        }
        runStep(contract, "the call under test", contract.call());
        for (int i = 0; i < contract.then().size(); i++) {
            runStep(contract, "follow-up step " + (i + 1), contract.then().get(i));
        }
    }

    private void runStep(ContractCase contract, String stepName, Step step) {
        Request request = step.request();
        String method = request.method();
        String url = baseUrl + text(request.path()) + query(request.query());
        String body = request.body() == null ? null : resolve(request.body()).toString();
        Answer answer = send(method, url, request, body);

        List<String> problems = new ArrayList<>();
        Expect expect = step.expect();
        if (expect == null) {
            if (answer.status() / 100 != 2) {
                problems.add("status: expected 2xx but was " + answer.status());
            }
        } else {
            check(expect, answer, problems);
        }
        JsonNode json = answer.json();
        step.capture().forEach((name, pointer) -> {
            JsonNode value = json.at(pointer);
            if (value.isMissingNode()) {
                problems.add("capture " + name + ": nothing at " + pointer);
            }
            variables.put(name, value);
        });
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n",
                    "Contract case " + contract.displayName(),
                    "  seed:     " + contract.seed(),
                    "  failed at " + stepName + ": " + method + " " + url + (body == null ? "" : " " + shorten(body)),
                    "  expected: " + (expect == null ? "2xx" : describe(expect)),
                    "  actual:   " + answer.status() + " "
                            + (answer.body().isEmpty() ? "(no body)" : shorten(answer.body())),
                    "  problems:",
                    "    - " + String.join("\n    - ", problems)));
        }
    }

    private Answer send(String method, String url, Request request, String body) {
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            http.header("Content-Type", "application/json");
        }
        if (request.sendsToken() && !request.headers().containsKey("Authorization")) {
            http.header("Authorization", "Bearer " + token);
        }
        request.headers().forEach((name, value) -> http.header(name, text(value)));
        try {
            HttpResponse<String> response = HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new HashMap<>();
            response.headers().map().forEach((name, values) -> {
                if (!values.isEmpty()) {
                    headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
                }
            });
            return new Answer(response.statusCode(), headers, response.body());
        } catch (IOException failed) {
            throw new AssertionError(method + " " + url + " failed: " + failed, failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", interrupted);
        }
    }

    private void check(Expect expect, Answer answer, List<String> problems) {
        if (expect.status() != null && expect.status() != answer.status()) {
            problems.add("status: expected " + expect.status() + " but was " + answer.status());
        }
        if (Boolean.TRUE.equals(expect.emptyBody()) && !answer.body().isEmpty()) {
            problems.add("body: expected none");
        }
        JsonNode json = answer.json();
        if (!expect.body().isEmpty() && json.isMissingNode()) {
            problems.add("body: expected JSON");
            return;
        }
        expect.body().forEach((pointer, matcher) -> checkField(json, text(pointer), matcher, problems));
        if (!expect.headers().isEmpty()) {
            ObjectNode headers = JsonNodeFactory.instance.objectNode();
            answer.headers().forEach(headers::put);
            expect.headers().forEach((name, matcher) -> checkField(headers,
                    "/" + name.toLowerCase(Locale.ROOT).replace("~", "~0").replace("/", "~1"), matcher, problems));
        }
    }

    /** A plain value must equal the field; an object holds one or more named matchers (see the README). */
    private void checkField(JsonNode json, String pointer, JsonNode matcher, List<String> problems) {
        JsonNode actual = json.at(pointer);
        if (!matcher.isObject()) {
            matcher = JsonNodeFactory.instance.objectNode().set("equals", matcher);
        }
        for (Map.Entry<String, JsonNode> entry : matcher.properties()) {
            String kind = entry.getKey();
            if (!MATCHERS.contains(kind)) {
                throw new IllegalStateException(
                        "Unknown matcher \"" + kind + "\" for " + pointer + "; use one of " + MATCHERS);
            }
            JsonNode wanted = resolve(entry.getValue());
            String problem = switch (kind) {
                case "equals" -> numericallyEqual(wanted, actual) ? null : "expected " + wanted;
                case "type" -> hasType(actual, wanted.asText()) ? null : "expected type " + wanted.asText();
                case "present" -> actual.isMissingNode() == wanted.asBoolean() ? "expected present: " + wanted : null;
                case "absent" -> actual.isMissingNode() == wanted.asBoolean() ? null : "expected absent: " + wanted;
                case "null" -> actual.isNull() == wanted.asBoolean() ? null : "expected null: " + wanted;
                case "matches" -> actual.isTextual() && actual.asText().matches(wanted.asText())
                        ? null : "expected to match /" + wanted.asText() + "/";
                case "contains" -> actual.isTextual() && actual.asText().contains(wanted.asText())
                        ? null : "expected text containing \"" + wanted.asText() + "\"";
                case "size" -> (actual.isArray() || actual.isObject()) && actual.size() == wanted.asInt()
                        ? null : "expected " + wanted.asInt() + " items";
                case "sameAs" -> numericallyEqual(json.at(wanted.asText()), actual)
                        ? null : "expected the same as " + wanted.asText() + " (" + json.at(wanted.asText()) + ")";
                default -> throw new IllegalStateException(kind);
            };
            if (problem != null) {
                problems.add(pointer + ": " + problem + " but was " + (actual.isMissingNode() ? "absent" : actual));
            }
        }
    }

    private static boolean numericallyEqual(JsonNode wanted, JsonNode actual) {
        if (wanted.isNumber() && actual.isNumber()) {
            return wanted.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return wanted.equals(actual);
    }

    /** JSON's types, plus "integer" for a number without a fraction ("number" takes both). */
    private static boolean hasType(JsonNode node, String type) {
        return switch (type) {
            case "integer" -> node.isIntegralNumber();
            case "number" -> node.isNumber();
            default -> !node.isMissingNode() && node.getNodeType().name().toLowerCase(Locale.ROOT).equals(type);
        };
    }

    private String query(Map<String, JsonNode> query) {
        StringJoiner joined = new StringJoiner("&", "?", "");
        joined.setEmptyValue("");
        query.forEach((name, value) -> {
            JsonNode resolved = resolve(value);
            String text;
            if (resolved.isArray()) {
                StringJoiner items = new StringJoiner(",");
                resolved.forEach(item -> items.add(item.asText()));
                text = items.toString();
            } else {
                text = resolved.asText();
            }
            joined.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(text, StandardCharsets.UTF_8));
        });
        return joined.toString();
    }

    /**
     * Expands {@code {"$repeat": n, "item": x}} to an array of n copies of x (with {@code ${i}} the index) and
     * {@code {"$repeat": n, "text": "ab"}} to a string, {@code {"$now": "-PT1H"}} to the RFC 3339 text of the case's
     * start (real time, whole seconds) plus an ISO-8601 duration, and substitutes {@code ${name}} in strings and object keys;
     * a string that is exactly {@code ${name}} becomes the captured value itself, whatever its JSON type.
     */
    private JsonNode resolve(JsonNode template) {
        if (template.isObject() && template.has("$now")) {
            return TextNode.valueOf(startedAt.plus(Duration.parse(template.get("$now").asText())).toString());
        }
        if (template.isObject() && template.has("$repeat")) {
            int times = template.get("$repeat").asInt();
            if (template.has("text")) {
                return TextNode.valueOf(text(template.get("text").asText()).repeat(times));
            }
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < times; i++) {
                variables.put("i", TextNode.valueOf(Integer.toString(i)));
                items.add(resolve(template.get("item")));
            }
            variables.remove("i");
            return items;
        }
        if (template.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            template.properties().forEach(field -> copy.set(text(field.getKey()), resolve(field.getValue())));
            return copy;
        }
        if (template.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            template.forEach(item -> copy.add(resolve(item)));
            return copy;
        }
        if (template.isTextual()) {
            Matcher whole = VARIABLE.matcher(template.asText());
            if (whole.matches()) {
                return variable(whole.group(1));
            }
            return TextNode.valueOf(text(template.asText()));
        }
        return template;
    }

    private String text(String template) {
        return VARIABLE.matcher(template)
                .replaceAll(found -> Matcher.quoteReplacement(variable(found.group(1)).asText()));
    }

    private JsonNode variable(String name) {
        JsonNode value = variables.get(name);
        if (value == null) {
            throw new IllegalStateException("Unknown variable ${" + name + "}; captured so far: " + variables.keySet());
        }
        return value;
    }

    private static String shorten(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "... (" + text.length() + " characters)";
    }

    private static String describe(Expect expect) {
        StringJoiner parts = new StringJoiner("; ");
        parts.add("status " + expect.status());
        if (Boolean.TRUE.equals(expect.emptyBody())) {
            parts.add("no body");
        }
        expect.body().forEach((pointer, matcher) -> parts.add(pointer + " " + matcher));
        expect.headers().forEach((name, matcher) -> parts.add("header " + name + " " + matcher));
        return parts.toString();
    }
}
