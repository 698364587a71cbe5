package io.kafkaconnect.metronome.testproxy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Records each request the proxy answered as {@code METHOD TARGET STATUS}: {@code CONNECT 127.0.0.1:8443 200} for a
 * tunnel, {@code GET http://127.0.0.1:8089/v1/customers 200} for a forwarded request, {@code ... 407} when refused.
 * Requests addressed to the proxy itself read the log ({@code GET /_proxy/requests}, one line each) or clear it
 * ({@code DELETE /_proxy/requests}), so a test can tell what went through the proxy.
 */
final class ProxyLog extends Handler.Wrapper {

    static final String PATH = "/_proxy/requests";

    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (isAddressedToTheProxy(request)) {
            return serveLog(request, response, callback);
        }
        String seen = request.getMethod() + " " + target(request);
        return super.handle(request, response, new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                lines.add(seen + " " + response.getStatus());
                super.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                lines.add(seen + " failed");
                super.failed(failure);
            }
        });
    }

    /** Origin-form requests to the proxy's own port, as opposed to absolute URIs and CONNECT authorities. */
    private static boolean isAddressedToTheProxy(Request request) {
        return !HttpMethod.CONNECT.is(request.getMethod()) && PATH.equals(request.getHttpURI().getPath())
                && request.getHttpURI().getPort() == Request.getLocalPort(request);
    }

    private boolean serveLog(Request request, Response response, Callback callback) {
        if (HttpMethod.DELETE.is(request.getMethod())) {
            lines.clear();
            response.setStatus(204);
            callback.succeeded();
            return true;
        }
        StringBuilder body = new StringBuilder();
        lines.forEach(line -> body.append(line).append('\n'));
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, StandardCharsets.UTF_8.encode(body.toString()), callback);
        return true;
    }

    private static String target(Request request) {
        HttpURI uri = request.getHttpURI();
        if (HttpMethod.CONNECT.is(request.getMethod())) {
            return uri.getAuthority();
        }
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }
}
