package dev.fling.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder that a test can cut and restore, to take a dependency (the Kubernetes
 * API) away from a running Fling and give it back.
 */
public final class TcpProxy implements AutoCloseable {

    private final URI target;
    private final int port;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private final Object flowing = new Object();
    private boolean stalled;

    public TcpProxy(URI target) throws IOException {
        this.target = target;
        try (ServerSocket probe = new ServerSocket(0)) {
            this.port = probe.getLocalPort();
        }
    }

    public String url() {
        return target.getScheme() + "://127.0.0.1:" + port;
    }

    /** Starts forwarding (again). */
    public synchronized void restore() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket listening = new ServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = listening;
        Thread acceptor = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket upstream = new Socket(target.getHost(), target.getPort());
                    Link link = new Link(client, upstream);
                    links.add(link);
                    pump(client, upstream, link, true);
                    pump(upstream, client, link, false);
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "tcp-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Holds every byte in both directions until {@link #flow()}: the service is there but does not answer. */
    public void stall() {
        synchronized (flowing) {
            stalled = true;
        }
    }

    /** Lets held bytes through again. */
    public void flow() {
        synchronized (flowing) {
            stalled = false;
            flowing.notifyAll();
        }
    }

    private void awaitFlow() throws InterruptedException {
        synchronized (flowing) {
            while (stalled) {
                flowing.wait();
            }
        }
    }

    /**
     * From now on, the Kubernetes watches open through the proxy get nothing more from the server,
     * and their connections stay open: what a proxy or NAT that dropped them without a reset leaves
     * a client with. Requests and watches opened later go through. Returns how many were silenced.
     */
    public int silenceOpenWatches() {
        int silenced = 0;
        for (Link link : links) {
            if (link.watch) {
                link.silenced = true;
                silenced++;
            }
        }
        return silenced;
    }

    /** Stops accepting and drops every open connection: the service is unreachable. */
    public synchronized void cut() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        for (Link link : links) {
            link.client.close();
            link.upstream.close();
        }
        links.clear();
    }

    private void pump(Socket from, Socket to, Link link, boolean fromClient) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    awaitFlow();
                    if (fromClient && !link.watch
                            && new String(buffer, 0, read, StandardCharsets.ISO_8859_1).contains("watch=true")) {
                        link.watch = true;
                    }
                    if (!fromClient && link.silenced) {
                        continue; // read and dropped: the client hears nothing and no reset
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // connection dropped
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                links.remove(link);
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** One client connection and its upstream: whether it carries a watch, and whether it is silenced. */
    private static final class Link {
        private final Socket client;
        private final Socket upstream;
        private volatile boolean watch;
        private volatile boolean silenced;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
