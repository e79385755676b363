package io.circuitlens.io;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny stand-in for the Hub on localhost. Small files are answered directly with X-Repo-Commit and ETag; "LFS"
 * files get a 302 carrying X-Linked-Etag/X-Linked-Size to a /cdn/ path that serves the bytes but refuses HEAD,
 * like the real CDN may. Range requests are honoured unless told otherwise; every request is recorded.
 */
final class FakeHub implements AutoCloseable {
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    record Request(String method, String path, String range) {}

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Boolean> lfs = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();
    volatile boolean honourRange = true;
    volatile boolean sendCommit = true;
    volatile boolean sendEtag = true;
    /** Extra bytes claimed in X-Linked-Size beyond the real size, to simulate a download that stops early. */
    volatile long claimExtra = 0;

    FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves {@code data} at {@code /<repo>/resolve/main/<file>}. */
    FakeHub put(String repo, String file, byte[] data, boolean asLfs) {
        files.put("/" + repo + "/resolve/main/" + file, data);
        lfs.put("/" + repo + "/resolve/main/" + file, asLfs);
        files.put("/cdn/" + sha256(data), data);
        return this;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        String range = ex.getRequestHeaders().getFirst("Range");
        synchronized (requests) {
            requests.add(new Request(method, path, range));
        }
        try (ex) {
            byte[] data = files.get(path);
            if (data == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            boolean head = method.equals("HEAD");
            if (path.startsWith("/cdn/")) {
                if (head) {
                    ex.sendResponseHeaders(403, -1);
                    return;
                }
                sendBytes(ex, data, range, false);
                return;
            }
            if (sendCommit) ex.getResponseHeaders().set("X-Repo-Commit", COMMIT);
            if (lfs.get(path)) {
                if (sendEtag) ex.getResponseHeaders().set("X-Linked-Etag", "\"" + sha256(data) + "\"");
                ex.getResponseHeaders().set("X-Linked-Size", Long.toString(data.length + claimExtra));
                ex.getResponseHeaders().set("Location", "/cdn/" + sha256(data));
                ex.sendResponseHeaders(302, -1);
                return;
            }
            if (sendEtag) ex.getResponseHeaders().set("ETag", "W/\"small-" + sha256(data).substring(0, 12) + "\"");
            sendBytes(ex, data, range, head);
        }
    }

    private void sendBytes(HttpExchange ex, byte[] data, String range, boolean head) throws IOException {
        int start = 0;
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (honourRange && m != null && m.matches()) {
            start = Integer.parseInt(m.group(1));
            if (start >= data.length) {
                ex.sendResponseHeaders(416, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (data.length - 1) + "/" + data.length);
        }
        int code = start > 0 ? 206 : 200;
        if (head) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(data.length));
            ex.sendResponseHeaders(code, -1);
            return;
        }
        ex.sendResponseHeaders(code, data.length - start);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(data, start, data.length - start);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
