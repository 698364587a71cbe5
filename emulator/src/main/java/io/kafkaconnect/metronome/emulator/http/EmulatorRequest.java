package io.kafkaconnect.metronome.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** One incoming request, with its body read and its route's path parameters bound. */
public final class EmulatorRequest {
    private final String method;
    private final String path;
    private final String rawQuery;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private Map<String, String> pathParams = Map.of();
    private QueryParams query;
    private JsonNode json;

    /** @param headers case-insensitive lookup, as {@link com.sun.net.httpserver.Headers} provides */
    public EmulatorRequest(String method, String path, String rawQuery, Map<String, List<String>> headers,
                           byte[] body) {
        this.method = method;
        this.path = path;
        this.rawQuery = rawQuery;
        this.headers = headers;
        this.body = body;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The undecoded query string, or null. */
    public String rawQuery() {
        return rawQuery;
    }

    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    void bindPathParams(Map<String, String> params) {
        this.pathParams = params;
    }

    public QueryParams query() {
        if (query == null) {
            query = QueryParams.parse(rawQuery);
        }
        return query;
    }

    /** The parsed body; parsing happens once, and broken JSON is a 400. */
    public JsonNode json() {
        if (json == null) {
            json = JsonCodec.parse(body);
        }
        return json;
    }

    public byte[] body() {
        return body;
    }
}
