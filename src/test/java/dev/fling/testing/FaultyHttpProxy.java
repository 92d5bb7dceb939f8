package dev.fling.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 forwarder in front of a service (the Kubernetes API) that answers a share of the
 * requests itself with 500 or 429, as an overloaded or failing API server does, and forwards the
 * rest. It reads each request's head and body to decide, then passes bytes on; after an upgrade (a
 * watch over WebSocket) or a body it cannot frame (chunked) it only passes bytes. A faulted request
 * gets a Kubernetes {@code Status} and {@code Connection: close}, and never reaches the service.
 */
public final class FaultyHttpProxy implements AutoCloseable {

    private final URI target;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Random random;
    private final AtomicLong faulted = new AtomicLong();
    private volatile double share;

    public FaultyHttpProxy(URI target, long seed) throws IOException {
        this.target = target;
        this.random = new Random(seed);
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::accept, "faulty-http-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** From now on, answers this share of requests (0 to 1) with 500 or 429 (half each). */
    public void fail(double share) {
        this.share = share;
    }

    /** How many requests it answered itself. */
    public long faulted() {
        return faulted.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getHost(), target.getPort());
                sockets.add(client);
                sockets.add(upstream);
                start(() -> requests(client, upstream), "faulty-http-proxy-requests");
                start(() -> pass(upstream, client), "faulty-http-proxy-responses");
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Reads request after request from the client: each answered here or forwarded whole. */
    private void requests(Socket client, Socket upstream) {
        try (client; upstream) {
            requestsUntilClosed(client, upstream);
        } catch (IOException e) {
            // a side closed
        } finally {
            sockets.remove(client);
            sockets.remove(upstream);
        }
    }

    private void requestsUntilClosed(Socket client, Socket upstream) throws IOException {
        {
            InputStream in = client.getInputStream();
            OutputStream out = upstream.getOutputStream();
            while (true) {
                byte[] head = head(in);
                if (head == null) {
                    return;
                }
                String text = new String(head, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                if (faultNow()) {
                    answer(client, random.nextBoolean() ? 500 : 429);
                    return;
                }
                out.write(head);
                long length = contentLength(text);
                if (text.contains("\r\nupgrade:") || text.contains("transfer-encoding: chunked") || length < 0) {
                    out.flush();
                    in.transferTo(out); // no longer framed by us: bytes only
                    return;
                }
                copy(in, out, length);
                out.flush();
            }
        }
    }

    private synchronized boolean faultNow() {
        return share > 0 && random.nextDouble() < share;
    }

    private void answer(Socket client, int status) throws IOException {
        faulted.incrementAndGet();
        String reason = status == 429 ? "TooManyRequests" : "InternalError";
        byte[] body = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"injected by the chaos run\",\"reason\":\"" + reason + "\",\"code\":" + status + "}")
                .getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + (status == 429 ? " Too Many Requests" : " Internal Server Error") + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
                + (status == 429 ? "Retry-After: 1\r\n" : "") + "Connection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** The request line and headers up to the blank line, or null at the end of the stream. */
    private static byte[] head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    /** The body's length: 0 without one, -1 when the head says something this proxy does not frame. */
    private static long contentLength(String head) {
        int at = head.indexOf("\r\ncontent-length:");
        if (at < 0) {
            return 0;
        }
        int end = head.indexOf("\r\n", at + 2);
        try {
            return Long.parseLong(head.substring(at + "\r\ncontent-length:".length(), end).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("the client closed in the middle of a body");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    private void pass(Socket from, Socket to) {
        try (from; to) {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // a side closed
        }
    }

    private static void start(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
