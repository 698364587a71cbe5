package io.kafkaconnect.metronome.testproxy;

import java.util.concurrent.CountDownLatch;

/**
 * {@code java -cp ... io.kafkaconnect.metronome.testproxy.ForwardProxyMain --port <port> [--credentials user:pw]
 * [--refuse-tunnels]}.
 * The first line on stdout is the proxy's URL, e.g. {@code http://127.0.0.1:41234}; it runs until killed.
 */
public final class ForwardProxyMain {

    private static final String USAGE = "usage: ForwardProxyMain [--port <port, 0 for any free one>] "
            + "[--credentials <user:password required in Proxy-Authorization>] [--refuse-tunnels (CONNECT: 403)]";

    private ForwardProxyMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        String credentials = null;
        boolean refuseTunnels = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--credentials") && i + 1 < args.length) {
                credentials = args[++i];
            } else if (args[i].equals("--refuse-tunnels")) {
                refuseTunnels = true;
            } else {
                System.err.println(USAGE);
                System.exit(2);
            }
        }
        ForwardProxy proxy = new ForwardProxy(port, credentials, refuseTunnels).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.close();
            } catch (Exception ignored) {
                // the JVM is going away anyway
            } finally {
                stopped.countDown();
            }
        }, "test-proxy-shutdown"));
        System.out.println("http://127.0.0.1:" + proxy.port());
        System.out.flush();
        stopped.await();
    }
}
