package dev.strangler.proxy.forward;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real upstream for tests, named after the system it stands for. {@code /echo} streams the request body back;
 * {@code /upload} counts the body and answers the count; {@code /download?bytes=N} streams N bytes; {@code /slow}
 * never answers; {@code /ws} is a WebSocket echo; anything else answers with the request line and headers it
 * received, one per line, after a {@code served-by} line.
 */
public final class EchoBackend {

    private final String name;
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;
    private Vertx vertx;

    public EchoBackend(String name) {
        this.name = name;
    }

    public Future<EchoBackend> start(Vertx vertx) {
        this.vertx = vertx;
        server = vertx.createHttpServer(new HttpServerOptions().setPort(0).setHost("127.0.0.1")
                        .setMaxChunkSize(64 * 1024))
                .webSocketHandler(socket -> socket.frameHandler(frame -> {
                    if (frame.isText() || frame.isBinary() || frame.isContinuation()) {
                        socket.writeFrame(frame);
                    }
                }))
                .requestHandler(this::handle);
        return server.listen().map(this);
    }

    public int port() {
        return server.actualPort();
    }

    public int requests() {
        return requests.get();
    }

    private void handle(HttpServerRequest request) {
        requests.incrementAndGet();
        HttpServerResponse response = request.response();
        response.headers()
                .set("Connection", "keep-alive, X-Backend-Secret")
                .set("X-Backend-Secret", "hop")
                .set("Keep-Alive", "timeout=5")
                .set("X-Strangler-Internal", "leak")
                .set("X-Served-By", name);
        switch (request.path()) {
            case "/echo" -> {
                String length = request.getHeader("Content-Length");
                if (length != null) {
                    response.putHeader("Content-Length", length);
                } else {
                    response.setChunked(true);
                }
                request.pipeTo(response);
            }
            case "/upload" -> {
                long[] count = new long[1];
                request.handler(buffer -> count[0] += buffer.length());
                request.endHandler(done -> response.end(Long.toString(count[0])));
            }
            case "/download" -> stream(response, Long.parseLong(request.getParam("bytes")));
            case "/slow" -> { }
            case "/delay" -> vertx.setTimer(Long.parseLong(request.getParam("ms")),
                    fired -> response.end(describe(request)));
            default -> response.end(describe(request));
        }
    }

    private String describe(HttpServerRequest request) {
        StringBuilder text = new StringBuilder("served-by: ").append(name).append('\n')
                .append(request.method()).append(' ').append(request.uri()).append('\n');
        for (Map.Entry<String, String> header : request.headers()) {
            text.append(header.getKey().toLowerCase()).append(": ").append(header.getValue()).append('\n');
        }
        return text.toString();
    }

    private static void stream(HttpServerResponse response, long bytes) {
        response.putHeader("Content-Length", Long.toString(bytes));
        Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
        long[] left = {bytes};
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (left[0] > 0 && !response.writeQueueFull()) {
                int size = (int) Math.min(chunk.length(), left[0]);
                response.write(size == chunk.length() ? chunk : chunk.getBuffer(0, size));
                left[0] -= size;
            }
            if (left[0] == 0) {
                response.end();
            } else {
                response.drainHandler(drained -> pump[0].run());
            }
        };
        pump[0].run();
    }
}
