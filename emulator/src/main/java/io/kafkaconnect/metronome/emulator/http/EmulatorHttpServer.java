package io.kafkaconnect.metronome.emulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK HTTP server, or HTTPS server when given an {@link SSLContext} (on 127.0.0.1 unless told otherwise), translating exchanges to {@link EmulatorRequest}/{@link ApiResponse}.
 * The pool is large because injected latency parks a thread per request and clients keep many
 * requests in flight; its threads are daemons so an embedded emulator never keeps a JVM alive.
 */
public final class EmulatorHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatorHttpServer.class);
    private static final int THREADS = 256;
    private static final int BACKLOG = 1024;

    static {
        // The JDK server writes headers and body separately; with Nagle on, every response waits out
        // the client's delayed ACK (~40 ms). Read once when the JDK server classes load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService pool;

    public EmulatorHttpServer(InetAddress bindAddress, int port, RequestDispatcher dispatcher) {
        this(bindAddress, port, null, dispatcher);
    }

    /** @param tls the server's TLS identity, or null for plain HTTP */
    public EmulatorHttpServer(InetAddress bindAddress, int port, SSLContext tls, RequestDispatcher dispatcher) {
        try {
            InetSocketAddress address = new InetSocketAddress(bindAddress, port);
            if (tls == null) {
                server = HttpServer.create(address, BACKLOG);
            } else {
                HttpsServer https = HttpsServer.create(address, BACKLOG);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException bindFailure) {
            throw new UncheckedIOException("Cannot listen on " + bindAddress.getHostAddress() + ":" + port, bindFailure);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        pool = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "metronome-emulator-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(pool);
        server.createContext("/", exchange -> serve(exchange, dispatcher));
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private static void serve(HttpExchange exchange, RequestDispatcher dispatcher) {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            EmulatorRequest request = new EmulatorRequest(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(), body);
            ApiResponse response = dispatcher.dispatch(request);
            response.headers().forEach(exchange.getResponseHeaders()::set);
            byte[] payload = response.body();
            if (payload == null || payload.length == 0) {
                exchange.sendResponseHeaders(response.status(), -1);
            } else {
                exchange.sendResponseHeaders(response.status(), payload.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(payload);
                }
            }
        } catch (IOException | RuntimeException failure) {
            LOG.debug("Exchange failed", failure);
        }
    }
}
