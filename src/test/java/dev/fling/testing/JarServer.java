package dev.fling.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** Serves one file over HTTP on loopback, as an artifact repository would serve a job jar. */
public final class JarServer implements AutoCloseable {

    private final HttpServer server;

    public JarServer(Path file) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            if (!exchange.getRequestURI().getPath().endsWith("/" + file.getFileName())) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String url(Path file) {
        return "http://localhost:" + server.getAddress().getPort() + "/jars/" + file.getFileName();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
