package io.kafkaconnect.metronome.testproxy;

import java.net.InetAddress;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ConnectHandler;

/**
 * An HTTP forward proxy on the loopback interface, as a corporate network has one: CONNECT tunnels for https targets
 * (Jetty's {@link ConnectHandler}), absolute-URI requests forwarded for http targets ({@link ProxyHandler.Forward}).
 * With credentials it demands Basic proxy authentication; {@link ProxyLog} records every request it answered.
 */
public final class ForwardProxy implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    /**
     * @param port           the port to listen on, 0 for any free one
     * @param credentials    {@code user:password} required in {@code Proxy-Authorization}, or null for an open proxy
     * @param refuseTunnels  answer every CONNECT with 403, as a proxy whose policy does not allow the destination
     */
    public ForwardProxy(int port, String credentials, boolean refuseTunnels) {
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        server.addConnector(connector);
        ProxyLog log = new ProxyLog();
        ConnectHandler tunnels = new ConnectHandler(new ProxyHandler.Forward());
        if (refuseTunnels) {
            tunnels.getWhiteListHosts().add("no-destination.invalid"); // no other host is allowed
        }
        log.setHandler(credentials == null ? tunnels : new BasicProxyAuthentication(credentials, tunnels));
        server.setHandler(log);
    }

    public ForwardProxy start() throws Exception {
        server.start();
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
