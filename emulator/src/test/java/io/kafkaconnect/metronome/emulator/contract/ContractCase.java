package io.kafkaconnect.metronome.emulator.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One contract case as written in {@code src/test/resources/contract/<endpoint>.json}: what the seeds promise for
 * one request to one endpoint. The format is described in that folder's README.md.
 *
 * @param file     the file the case came from, e.g. {@code customers.create}
 * @param endpoint the route under test, "METHOD template" exactly as the emulator registers it
 * @param seed     where the promise comes from (seed file and section, metronome-api.md line or SDK type),
 *                 quoted briefly
 * @param knownGap set when the emulator is known to break this promise: the case then reports as skipped while it
 *                 fails, and fails once it passes, so the note gets removed
 */
record ContractCase(String file, String endpoint, String name, String seed, String knownGap,
                    List<Step> setup, Step call, List<Step> then) {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * A request, what its answer must look like and the values to keep from that answer.
     *
     * @param capture variable name to JSON pointer into the answer, e.g. {@code "customer.id": "/data/id"}
     */
    record Step(Request request, Expect expect, Map<String, String> capture) {
        Step {
            capture = capture == null ? Map.of() : capture;
        }
    }

    /**
     * @param query   values may be strings, numbers, booleans or arrays (sent comma-separated)
     * @param auth    false sends no Authorization header; an explicit Authorization header wins over the token
     * @param body    sent as JSON
     */
    record Request(String method, String path, Map<String, JsonNode> query, Map<String, String> headers,
                   Boolean auth, JsonNode body) {
        Request {
            query = query == null ? Map.of() : query;
            headers = headers == null ? Map.of() : headers;
        }

        boolean sendsToken() {
            return auth == null || auth;
        }
    }

    /**
     * @param status    the exact status; for setup steps without an expectation any 2xx will do
     * @param emptyBody the answer has no body (Metronome's "void" endpoints)
     * @param body      JSON pointer to a matcher, e.g. {@code "/data/name": "Acme"} or
     *                  {@code "/message": {"contains": "archived"}}
     * @param headers   response header name (any case) to a matcher on its text, e.g.
     *                  {@code "Retry-After": {"absent": true}}
     */
    record Expect(Integer status, Boolean emptyBody, Map<String, JsonNode> body, Map<String, JsonNode> headers) {
        Expect {
            body = body == null ? Map.of() : body;
            headers = headers == null ? Map.of() : headers;
        }
    }

    /** The top level of one file. */
    @JsonIgnoreProperties("description")
    record EndpointFile(String endpoint, List<FileCase> cases) {
    }

    /** A case as written: the call under test is inline (request, expect, capture). */
    record FileCase(String name, String seed, String knownGap, List<Step> setup, Request request, Expect expect,
                    Map<String, String> capture, List<Step> then) {
    }

    /** Every case of every file in the contract folder on the test class path, files in name order. */
    static List<ContractCase> loadAll() {
        URL folder = ContractCase.class.getResource("/contract");
        if (folder == null) {
            throw new IllegalStateException("No contract folder on the test class path");
        }
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            List<ContractCase> cases = new ArrayList<>();
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                cases.addAll(load(file));
            }
            return cases;
        } catch (IOException | URISyntaxException unreadable) {
            throw new IllegalStateException("Cannot list " + folder, unreadable);
        }
    }

    static List<ContractCase> load(Path file) {
        String fileName = file.getFileName().toString().replaceFirst("\\.json$", "");
        EndpointFile parsed;
        try {
            parsed = JSON.readValue(file.toFile(), EndpointFile.class);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read contract file " + file, unreadable);
        }
        List<ContractCase> cases = new ArrayList<>();
        for (FileCase written : parsed.cases()) {
            ContractCase loaded = new ContractCase(fileName, parsed.endpoint(), written.name(), written.seed(),
                    written.knownGap(), written.setup() == null ? List.of() : written.setup(),
                    new Step(written.request(), written.expect(), written.capture()),
                    written.then() == null ? List.of() : written.then());
            loaded.check();
            cases.add(loaded);
        }
        return cases;
    }

    /** Refuses a case that could not say anything: no name or seed, or a call that is not to the file's endpoint. */
    private void check() {
        String where = file + " / " + name;
        if (name == null || name.isBlank() || seed == null || seed.isBlank()) {
            throw new IllegalStateException(file + ": every case needs a name and a seed (" + where + ")");
        }
        if (call.request() == null || call.expect() == null || call.expect().status() == null) {
            throw new IllegalStateException(where + ": needs a request and an expected status");
        }
        if (!fitsEndpoint(call.request())) {
            throw new IllegalStateException(where + ": " + call.request().method() + " " + call.request().path()
                    + " is not a call to " + endpoint);
        }
    }

    /** Same method, and the path's segments equal the template's literal ones ({@code {x}} fits anything). */
    boolean fitsEndpoint(Request request) {
        String[] methodAndTemplate = endpoint.split(" ", 2);
        String[] template = methodAndTemplate[1].split("/", -1);
        String[] path = request.path().split("/", -1);
        if (!methodAndTemplate[0].equals(request.method()) || template.length != path.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            if (!template[i].startsWith("{") && !template[i].equals(path[i])) {
                return false;
            }
        }
        return true;
    }

    /** True when a step uses the emulator's control API, so the case cannot run against the real Metronome. */
    boolean needsEmulator() {
        return Stream.of(setup.stream(), Stream.of(call), then.stream()).flatMap(steps -> steps)
                .anyMatch(step -> step.request().path().startsWith("/_emulator"));
    }

    /** e.g. {@code customers.create / name longer than 160 characters is truncated} */
    String displayName() {
        return file + " / " + name;
    }
}
