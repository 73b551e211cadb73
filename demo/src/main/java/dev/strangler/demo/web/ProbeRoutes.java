package dev.strangler.demo.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Endpoints that exist so the proxy's end-to-end tests can prove it carries more than small JSON, identically on
 * both systems:
 * <pre>
 * GET  /ws/echo           WebSocket; every text or binary message is sent back as it came
 * POST /upload            reads the body as a stream; answers {"system", "bytes", "sha256"}
 * GET  /download?bytes=N  streams N bytes (byte i is i mod 251) with backpressure
 * </pre>
 * Bodies are streamed, never held whole, so a test can push more than fits in memory through the proxy.
 */
final class ProbeRoutes {

    private static final int CHUNK = 64 * 1024;
    private static final long MAX_DOWNLOAD = 1L << 40;

    private final SampleSystem system;

    ProbeRoutes(SampleSystem system) {
        this.system = system;
    }

    void mount(Router router) {
        router.get("/ws/echo").handler(ctx -> ctx.request().toWebSocket()
                .onSuccess(ws -> ws.frameHandler(frame -> {
                    if (frame.isText() || frame.isBinary() || frame.isContinuation()) {
                        ws.writeFrame(frame);
                    }
                }))
                .onFailure(ctx::fail));
        router.post("/upload").handler(this::upload);
        router.get("/download").handler(this::download);
    }

    private void upload(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        MessageDigest sha256 = sha256();
        long[] bytes = {0};
        request.handler(chunk -> {
            bytes[0] += chunk.length();
            sha256.update(chunk.getBytes());
        });
        request.exceptionHandler(ctx::fail);
        request.endHandler(end -> ctx.json(new JsonObject().put("system", system.id()).put("bytes", bytes[0])
                .put("sha256", HexFormat.of().formatHex(sha256.digest()))));
        request.resume();
    }

    private void download(RoutingContext ctx) {
        String requested = ctx.request().getParam("bytes");
        long total = requested == null ? 0 : Long.parseLong(requested);
        if (total < 0 || total > MAX_DOWNLOAD) {
            throw new IllegalArgumentException("bytes: " + total + " (expected: 0.." + MAX_DOWNLOAD + ")");
        }
        HttpServerResponse response = ctx.response()
                .putHeader("Content-Type", "application/octet-stream")
                .putHeader("Content-Length", Long.toString(total));
        new Writer(response, total).run();
    }

    /** Writes the pattern until done, pausing while the connection's write queue is full. */
    private static final class Writer implements Runnable {
        private final HttpServerResponse response;
        private final long total;
        private long written;

        Writer(HttpServerResponse response, long total) {
            this.response = response;
            this.total = total;
        }

        @Override
        public void run() {
            while (written < total && !response.writeQueueFull()) {
                int size = (int) Math.min(CHUNK, total - written);
                byte[] chunk = new byte[size];
                for (int i = 0; i < size; i++) {
                    chunk[i] = (byte) ((written + i) % 251);
                }
                written += size;
                response.write(Buffer.buffer(chunk));
            }
            if (written < total) {
                response.drainHandler(drained -> run());
            } else {
                response.end();
            }
        }
    }

    /** SHA-256 is required of every Java platform, so its absence is a broken JVM, not a condition to handle. */
    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
