package dev.strangler.demo.web;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;

/**
 * A started sample system: which one, the port it actually listens on (useful when started on port 0), and the
 * trouble it can be told to make ({@link Faults}).
 */
public record RunningApp(SampleSystem system, HttpServer server, Faults faults) {

    public int port() {
        return server.actualPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public Future<Void> close() {
        return server.close();
    }
}
