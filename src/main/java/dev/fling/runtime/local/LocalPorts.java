package dev.fling.runtime.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the clusters' REST and RPC endpoints. A port the kernel hands out for "any free port"
 * comes from the ephemeral range, where the next outgoing connection of any process may take it
 * before the JobManager binds it (seen: "Could not start rest endpoint on any port"). These come
 * from below the ephemeral ranges of Linux (32768 up) and macOS (49152 up), are checked free by
 * binding, and are not handed out twice while a cluster may still be starting on them.
 */
final class LocalPorts {

    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;
    private static final int RECENT = 256;

    private final Map<Integer, Boolean> handedOut = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
            return size() > RECENT;
        }
    };

    synchronized int next() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            if (!handedOut.containsKey(port) && free(port)) {
                handedOut.put(port, Boolean.TRUE);
                return port;
            }
        }
        throw new IOException("no free port between " + FIRST + " and " + LAST + " after 100 tries");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
