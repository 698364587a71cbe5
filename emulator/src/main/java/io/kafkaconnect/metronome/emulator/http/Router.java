package io.kafkaconnect.metronome.emulator.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps METHOD + path to a handler using templates such as {@code /v1/customers/{customer_id}/costs}.
 * When several templates fit a path, the one with a literal segment earliest wins, so
 * {@code POST /v1/customers/archive} beats {@code /v1/customers/{customer_id}}.
 */
public final class Router {
    private final List<Route> routes = new ArrayList<>();

    /**
     * @param template the matched route's template, used as the request-count key
     * @param handler  null when the path exists but not for this method (a 405)
     */
    public record Match(String template, Handler handler, Map<String, String> pathParams) {
    }

    private record Route(String method, String template, String[] segments, Handler handler) {
        Map<String, String> bind(String[] pathSegments) {
            if (pathSegments.length != segments.length) {
                return null;
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < segments.length; i++) {
                String segment = segments[i];
                if (isVariable(segment)) {
                    if (pathSegments[i].isEmpty()) {
                        return null;
                    }
                    params.put(segment.substring(1, segment.length() - 1),
                            URLDecoder.decode(pathSegments[i], StandardCharsets.UTF_8));
                } else if (!segment.equals(pathSegments[i])) {
                    return null;
                }
            }
            return params;
        }

        /** Sorts literal-first templates before variable ones, position by position. */
        String specificity() {
            StringBuilder key = new StringBuilder();
            for (String segment : segments) {
                key.append(isVariable(segment) ? '1' : '0');
            }
            return key.toString();
        }
    }

    public Router add(String method, String template, Handler handler) {
        routes.add(new Route(method, template, template.split("/", -1), handler));
        routes.sort(Comparator.comparing(Route::specificity));
        return this;
    }

    /** Every route as "METHOD template", e.g. {@code GET /v1/customers/{customer_id}}, sorted. */
    public List<String> routes() {
        return routes.stream().map(route -> route.method() + " " + route.template()).sorted().toList();
    }

    public Optional<Match> match(String method, String path) {
        String[] pathSegments = path.split("/", -1);
        Match methodNotAllowed = null;
        for (Route route : routes) {
            Map<String, String> params;
            try {
                params = route.bind(pathSegments);
            } catch (IllegalArgumentException badEscape) {
                params = null;
            }
            if (params == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return Optional.of(new Match(route.template(), route.handler(), params));
            }
            if (methodNotAllowed == null) {
                methodNotAllowed = new Match(route.template(), null, params);
            }
        }
        return Optional.ofNullable(methodNotAllowed);
    }

    private static boolean isVariable(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }
}
