package dev.strangler.bench.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.httpproxy.HttpProxy;

/**
 * The baseline bench/proxy.sh compares Strangler's data plane with: a minimal reverse proxy on
 * {@code vertx-http-proxy}, tuned as the issue describes (64-connection pool, 64 KiB chunks), without routing,
 * screening or metrics. Arguments: proxy port, backend port. Prints {@code ready} when listening.
 */
public final class BenchHttpProxy {

    private BenchHttpProxy() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int backendPort = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
        var client = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setMaxChunkSize(64 * 1024).setKeepAlive(true))
                .with(new PoolOptions().setHttp1MaxSize(64))
                .build();
        HttpProxy proxy = HttpProxy.reverseProxy(client).origin(backendPort, "127.0.0.1");
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setMaxChunkSize(64 * 1024))
                .requestHandler(proxy)
                .listen()
                .await();
        System.out.println("ready");
        System.out.flush();
    }
}
