package io.circuitlens.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helper: a real headless Chromium driven over the DevTools protocol with the JDK's HttpClient and WebSocket (no
 * browser-automation dependency). It records console errors and uncaught exceptions, evaluates script, moves the
 * mouse like a person and takes screenshots. Talks only to the loopback address Chromium listens on.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The Chromium binary, or null when none is installed. */
    static Path binary() {
        String env = System.getenv("CHROMIUM");
        if (env != null && Files.isExecutable(Path.of(env))) return Path.of(env);
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** Starts Chromium on about:blank at the given window size; throws IOException (with Chromium's output) if it does not come up. */
    static HeadlessChromium start(Path binary, int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("circuitlens-chromium");
        Path log = profile.resolve("chromium.log");
        // as root Chromium needs --no-sandbox; the network flags keep it from calling out of this closed machine
        Process p = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("Chromium did not start: " + (Files.exists(log) ? Files.readString(log).strip() : "(no output)"));
            }
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).getFirst().strip());
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body();
        String ws = null;
        for (JsonNode t : JSON.readTree(list)) if (t.path("type").asText().equals("page")) ws = t.path("webSocketDebuggerUrl").asText();
        if (ws == null) {
            p.destroyForcibly();
            throw new IOException("Chromium has no page target: " + list);
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        Listener listener = new Listener(self);
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), listener).join();
        self[0] = new HeadlessChromium(p, profile, socket);
        self[0].call("Runtime.enable", null);
        self[0].call("Log.enable", null);
        self[0].call("Page.enable", null);
        self[0].call("Network.enable", null);
        return self[0];
    }

    /** Sends one DevTools command and waits for its result. */
    JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        if (params != null) msg.set("params", params);
        socket.sendText(msg.toString(), true).join();
        try {
            JsonNode r = f.get(60, TimeUnit.SECONDS);
            if (r.has("error")) throw new IllegalStateException(method + ": " + r.get("error"));
            return r.path("result");
        } catch (Exception e) {
            throw new IllegalStateException(method + " failed: " + e.getMessage(), e);
        }
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    void navigate(Path file) {
        call("Page.navigate", params().put("url", file.toUri().toString()));
    }

    /** The value of a JavaScript expression (promises awaited, returned by value). */
    JsonNode eval(String expression) {
        JsonNode r = call("Runtime.evaluate", params().put("expression", expression).put("returnByValue", true).put("awaitPromise", true));
        if (r.has("exceptionDetails")) throw new IllegalStateException("script failed: " + r.get("exceptionDetails"));
        return r.path("result").path("value");
    }

    /** Polls until the expression is true. */
    boolean waitFor(String expression, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (eval("!!(" + expression + ")").asBoolean()) return true;
            Thread.sleep(100);
        }
        return false;
    }

    /** A real mouse move to a viewport position (what a hover is). */
    void mouseMove(double x, double y) {
        call("Input.dispatchMouseEvent", params().put("type", "mouseMoved").put("x", x).put("y", y));
    }

    /** A real left click at a viewport position. */
    void click(double x, double y) {
        mouseMove(x, y);
        for (String type : List.of("mousePressed", "mouseReleased")) {
            call("Input.dispatchMouseEvent", params().put("type", type).put("x", x).put("y", y).put("button", "left").put("clickCount", 1));
        }
    }

    /** A PNG of the whole page (beyond the viewport) or of the viewport. */
    void screenshot(Path file, boolean fullPage) throws IOException {
        ObjectNode p = params().put("format", "png");
        if (fullPage) {
            JsonNode size = eval("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]");
            p.put("captureBeyondViewport", true);
            p.putObject("clip").put("x", 0).put("y", 0).put("width", size.get(0).asInt()).put("height", size.get(1).asInt()).put("scale", 1);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(call("Page.captureScreenshot", p).path("data").asText()));
    }

    /** Console errors, uncaught exceptions and error log entries seen so far. */
    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    /** URLs of every request the page made. */
    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    private synchronized void event(JsonNode m) {
        String method = m.path("method").asText();
        JsonNode p = m.path("params");
        switch (method) {
            case "Runtime.consoleAPICalled" -> {
                if (p.path("type").asText().equals("error") || p.path("type").asText().equals("assert")) errors.add("console.error: " + p.path("args"));
            }
            case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails"));
            case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
            case "Log.entryAdded" -> {
                if (p.path("entry").path("level").asText().equals("error")) errors.add("log: " + p.path("entry").path("text").asText());
            }
            default -> { }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        } finally {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Reassembles text frames into messages; responses complete their call, events are recorded. */
    private static final class Listener implements WebSocket.Listener {
        private final HeadlessChromium[] self;
        private final StringBuilder partial = new StringBuilder();

        Listener(HeadlessChromium[] self) {
            this.self = self;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode m = JSON.readTree(text);
                    HeadlessChromium c = self[0];
                    if (m.has("id")) {
                        CompletableFuture<JsonNode> f = c == null ? null : c.pending.remove(m.get("id").asInt());
                        if (f != null) f.complete(m);
                    } else if (c != null) {
                        c.event(m);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("DevTools sent invalid JSON", e);
                }
            }
            ws.request(1);
            return null;
        }
    }
}
