package io.kafkaconnect.metronome.emulator.http;

import io.kafkaconnect.metronome.emulator.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The order every request goes through. For {@code /v1}: count, inject latency, authenticate, route,
 * inject a 429, 401 or 403 (before anything is stored), then run under the Idempotency-Key if any, where an
 * injected 400, 404, 409, 422 or 5xx counts as the execution's result. The control API under {@code /_emulator} only
 * authenticates and routes: no counting, no faults, no idempotency.
 */
public final class RequestDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);
    private static final String CONTROL_PREFIX = "/_emulator";

    private final String token;
    private final Router apiRoutes;
    private final Router controlRoutes;
    private final RequestCounter counter;
    private final FaultInjector faults;
    private final IdempotencyCache idempotency;
    private final Runnable beforeEachRequest;

    /**
     * @param beforeEachRequest runs first on every request: state that follows the clock catches up with it (invoices
     *                          of a month real time closed are finalized before any later usage is recorded)
     */
    public RequestDispatcher(String token, Router apiRoutes, Router controlRoutes, RequestCounter counter,
                             FaultInjector faults, IdempotencyCache idempotency, Runnable beforeEachRequest) {
        this.token = token;
        this.apiRoutes = apiRoutes;
        this.controlRoutes = controlRoutes;
        this.counter = counter;
        this.faults = faults;
        this.idempotency = idempotency;
        this.beforeEachRequest = beforeEachRequest;
    }

    public ApiResponse dispatch(EmulatorRequest request) {
        beforeEachRequest.run();
        if (request.path().equals(CONTROL_PREFIX) || request.path().startsWith(CONTROL_PREFIX + "/")) {
            if (!authorized(request)) {
                return unauthorized();
            }
            return routed(controlRoutes.match(request.method(), request.path()), request);
        }
        ApiResponse response = dispatchApi(request);
        counter.completed(new RequestCounter.RecentRequest(request.method(), request.path(), request.rawQuery(),
                response.status()));
        return response;
    }

    private ApiResponse dispatchApi(EmulatorRequest request) {
        Optional<Router.Match> match = apiRoutes.match(request.method(), request.path());
        counter.count(request.method() + " " + match.map(Router.Match::template).orElse(request.path()));
        FaultDecision fault = faults.decide(request.path());
        fault.applyLatency();
        if (!authorized(request)) {
            return unauthorized();
        }
        if (match.isEmpty() || match.get().handler() == null) {
            return routed(match, request);
        }
        if (fault.refusedBeforeExecution()) {
            return fault.response();
        }
        String key = request.header("Idempotency-Key");
        if (request.method().equals("POST") && key != null && !key.isEmpty()) {
            return idempotency.execute(key, fingerprint(request), () -> execute(match, request, fault));
        }
        return execute(match, request, fault);
    }

    private ApiResponse execute(Optional<Router.Match> match, EmulatorRequest request, FaultDecision fault) {
        if (fault.refusedByExecution()) {
            return fault.response(); // refused as invalid: nothing applied
        }
        if (fault.serverError()) {
            if (fault.applyBeforeError() && request.method().equals("POST")) {
                routed(match, request); // the write happens, its answer is "lost"
            }
            return fault.response();
        }
        return routed(match, request);
    }

    private static ApiResponse routed(Optional<Router.Match> match, EmulatorRequest request) {
        if (match.isEmpty()) {
            return ApiResponse.error(404, "Not found");
        }
        if (match.get().handler() == null) {
            return ApiResponse.error(405, "Method not allowed");
        }
        request.bindPathParams(match.get().pathParams());
        try {
            return match.get().handler().handle(request);
        } catch (ApiException refused) {
            return ApiResponse.error(refused.status(), refused.getMessage());
        } catch (RuntimeException bug) {
            LOG.error("{} {} failed", request.method(), request.path(), bug);
            return ApiResponse.error(500, "Internal emulator error: " + bug);
        }
    }

    private boolean authorized(EmulatorRequest request) {
        String header = request.header("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && header.substring(7).trim().equals(token);
    }

    private static ApiResponse unauthorized() {
        return ApiResponse.error(401, "Unauthorized");
    }

    /** Method, path and body; the body compared as parsed JSON when it parses, byte for byte otherwise. */
    private static byte[] fingerprint(EmulatorRequest request) {
        byte[] body;
        try {
            body = JsonCodec.canonical(request.json());
        } catch (ApiException malformed) {
            body = request.body();
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.method() + " " + request.path() + "\n").getBytes(StandardCharsets.UTF_8));
            return digest.digest(body);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
