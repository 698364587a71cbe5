package io.kafkaconnect.metronome.testproxy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers 407 with a Basic challenge unless {@code Proxy-Authorization} carries the expected credentials; CONNECT
 * requests included, as a corporate proxy does before it opens a tunnel.
 */
final class BasicProxyAuthentication extends Handler.Wrapper {

    private final String expected;

    /** @param credentials {@code user:password} */
    BasicProxyAuthentication(String credentials, Handler next) {
        super(next);
        this.expected = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (expected.equals(request.getHeaders().get(HttpHeader.PROXY_AUTHORIZATION))) {
            return super.handle(request, response, callback);
        }
        response.setStatus(HttpStatus.PROXY_AUTHENTICATION_REQUIRED_407);
        response.getHeaders().put(HttpHeader.PROXY_AUTHENTICATE, "Basic realm=\"test-proxy\"");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        callback.succeeded();
        return true;
    }
}
