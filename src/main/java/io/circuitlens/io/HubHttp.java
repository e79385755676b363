package io.circuitlens.io;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two HTTP exchanges a hub download needs: a HEAD for the file's commit, etag and size, and a resumable GET.
 * Redirects are followed by hand: the Hub answers LFS files with a redirect to a CDN that already carries the
 * metadata, and the CDN need not accept HEAD. Network failures are {@link NetworkException}s; any other
 * IOException comes from the local file.
 */
final class HubHttp {
    private static final int MAX_HOPS = 10;
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern CONTENT_RANGE_START = Pattern.compile("bytes (\\d+)-");

    /** What the server says about a file; absent values are null / -1. */
    record RemoteFile(String commit, String etag, long size) {}

    /** A failure talking to the server: unreachable, timed out, or an HTTP error status (status > 0). */
    static final class NetworkException extends IOException {
        final URI url;
        final int status;

        NetworkException(URI url, int status, String reason, Throwable cause) {
            super(reason, cause);
            this.url = url;
            this.status = status;
        }
    }

    private final HttpClient client;
    private final String userAgent;

    HubHttp(HttpClient client, String userAgent) {
        this.client = client;
        this.userAgent = userAgent;
    }

    RemoteFile head(URI url) throws IOException, InterruptedException {
        URI current = url;
        String commit = null;
        String etag = null;
        long size = -1;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            HttpResponse<Void> r = send(current, request(current).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                    HttpResponse.BodyHandlers.discarding());
            HttpHeaders h = r.headers();
            int code = r.statusCode();
            // Only the Hub's own answers (those with X-Repo-Commit) describe the file; plain renames/CDN hops don't.
            Optional<String> hubCommit = h.firstValue("x-repo-commit");
            if (hubCommit.isPresent()) {
                commit = hubCommit.get();
                etag = h.firstValue("x-linked-etag").or(() -> h.firstValue("etag")).orElse(etag);
                size = firstLong(h, "x-linked-size").orElse(isRedirect(code) ? size : firstLong(h, "content-length").orElse(size));
            }
            if (isRedirect(code)) {
                URI next = location(current, r);
                // Stop at the Hub's LFS answer, and at hops to other hosts (CDNs), which need not accept HEAD.
                if ((hubCommit.isPresent() && etag != null) || !sameOrigin(current, next)) return new RemoteFile(commit, etag, size);
                current = next;
                continue;
            }
            // A redirect target that refuses HEAD is not fatal: the GET will tell whether the file is there.
            if (hop > 0 && code >= 400) return new RemoteFile(commit, etag, size);
            checkStatus(current, code);
            if (etag == null) etag = h.firstValue("etag").orElse(null);
            if (size < 0) size = firstLong(h, "content-length").orElse(-1);
            return new RemoteFile(commit, etag, size);
        }
        throw new NetworkException(url, 0, "more than " + MAX_HOPS + " redirects", null);
    }

    /**
     * Downloads {@code url} into {@code partial}, continuing after the bytes already there with a Range request
     * when the server allows it. {@code expectedSize} (-1 if unknown) is checked at the end; a short file stays in
     * place for the next attempt. {@code position} hears the file's size as it grows.
     */
    void download(URI url, Path partial, long expectedSize, LongConsumer position) throws IOException, InterruptedException {
        long have = Files.exists(partial) ? Files.size(partial) : 0;
        if (expectedSize >= 0 && have > expectedSize) have = restart(partial);
        if (expectedSize >= 0 && have == expectedSize) {
            position.accept(have); // finished by an earlier run that stopped before renaming it
            return;
        }
        URI current = url;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            HttpRequest.Builder b = request(current).GET();
            if (have > 0) b.header("Range", "bytes=" + have + "-");
            HttpResponse<InputStream> r = send(current, b, HttpResponse.BodyHandlers.ofInputStream());
            int code = r.statusCode();
            try (InputStream body = r.body()) {
                if (isRedirect(code)) {
                    current = location(current, r);
                    continue;
                }
                if (code == 416 && have > 0) { // our partial file doesn't fit the server's; start over
                    have = restart(partial);
                    continue;
                }
                checkStatus(current, code);
                long start = 0; // 200: the whole file (a server may ignore Range)
                if (code == 206) {
                    start = rangeStart(r).orElse(have);
                    if (start != have) {
                        throw new NetworkException(current, 0, "server sent bytes from " + start + ", expected " + have, null);
                    }
                }
                copy(current, body, partial, start, position);
            }
            long got = Files.size(partial);
            if (expectedSize >= 0 && got != expectedSize) {
                throw new NetworkException(url, 0, "download stopped after " + got + " of " + expectedSize + " bytes", null);
            }
            return;
        }
        throw new NetworkException(url, 0, "more than " + MAX_HOPS + " redirects", null);
    }

    private void copy(URI url, InputStream body, Path partial, long start, LongConsumer position) throws IOException {
        try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.truncate(start);
            ch.position(start);
            position.accept(start);
            byte[] chunk = new byte[1 << 16];
            long pos = start;
            while (true) {
                int n;
                try {
                    n = body.read(chunk);
                } catch (IOException e) {
                    throw new NetworkException(url, 0, "connection lost: " + e.getMessage(), e);
                }
                if (n < 0) break;
                ByteBuffer buf = ByteBuffer.wrap(chunk, 0, n);
                while (buf.hasRemaining()) ch.write(buf);
                pos += n;
                position.accept(pos);
            }
            ch.force(true);
        }
    }

    private static long restart(Path partial) throws IOException {
        Files.deleteIfExists(partial);
        return 0;
    }

    private HttpRequest.Builder request(URI url) {
        return HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).header("User-Agent", userAgent);
    }

    private <T> HttpResponse<T> send(URI url, HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler)
            throws NetworkException, InterruptedException {
        try {
            return client.send(request.build(), handler);
        } catch (IOException e) {
            throw new NetworkException(url, 0, reason(e), e);
        }
    }

    private static void checkStatus(URI url, int code) throws NetworkException {
        if (code >= 200 && code < 300) return;
        String hint = switch (code) {
            case 401, 403 -> " (not authorised: private, gated or misspelled repo?)";
            case 404 -> " (no such repo or file)";
            default -> "";
        };
        throw new NetworkException(url, code, "HTTP " + code + hint, null);
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    private static URI location(URI current, HttpResponse<?> r) throws NetworkException {
        String loc = r.headers().firstValue("location")
                .orElseThrow(() -> new NetworkException(current, r.statusCode(), "redirect without a Location header", null));
        try {
            return current.resolve(loc);
        } catch (IllegalArgumentException e) {
            throw new NetworkException(current, r.statusCode(), "bad redirect location '" + loc + "'", e);
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return String.valueOf(a.getScheme()).equalsIgnoreCase(String.valueOf(b.getScheme()))
                && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
                && a.getPort() == b.getPort();
    }

    private static OptionalLong firstLong(HttpHeaders h, String name) {
        Optional<String> v = h.firstValue(name);
        if (v.isEmpty()) return OptionalLong.empty();
        try {
            return OptionalLong.of(Long.parseLong(v.get().trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalLong rangeStart(HttpResponse<?> r) {
        Optional<String> v = r.headers().firstValue("content-range");
        if (v.isEmpty()) return OptionalLong.empty();
        Matcher m = CONTENT_RANGE_START.matcher(v.get());
        return m.lookingAt() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** A readable reason for a failed exchange; the JDK often nests the useful one (most specific first). */
    private static String reason(IOException e) {
        if (hasCause(e, java.nio.channels.UnresolvedAddressException.class) || hasCause(e, java.net.UnknownHostException.class)) {
            return "unknown host (no network or DNS?)";
        }
        if (hasCause(e, java.net.http.HttpConnectTimeoutException.class)) return "connection timed out";
        if (hasCause(e, java.net.http.HttpTimeoutException.class)) return "no response (timed out)";
        if (hasCause(e, java.net.ConnectException.class)) return "cannot connect (no network, or the server is down)";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }
}
