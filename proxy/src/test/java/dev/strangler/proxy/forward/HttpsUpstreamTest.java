package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ServerOptions;
import dev.strangler.rules.Upstream;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code https} upstream, through either data plane ({@link Planes}): reached over TLS with its certificate
 * checked against the JVM's trust store and its host name verified; an upstream whose certificate is not trusted, or
 * is not for the name the proxy dialled, gets no request and the client 502.
 */
class HttpsUpstreamTest {

    private static final String[] TRUST = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword",
            "javax.net.ssl.trustStoreType"};
    private static final Map<String, String> saved = new HashMap<>();

    private static Vertx vertx;
    private static HttpServer trusted;
    private static HttpServer untrusted;

    @BeforeAll
    static void start(@TempDir Path folder) throws Exception {
        vertx = Vertx.vertx();
        SelfSignedCertificate ours = SelfSignedCertificate.create("localhost");
        SelfSignedCertificate stranger = SelfSignedCertificate.create("localhost");
        for (String key : TRUST) {
            saved.put(key, System.getProperty(key));
        }
        System.setProperty("javax.net.ssl.trustStore", trustStore(ours, folder).toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        trusted = https(ours);
        untrusted = https(stranger);
    }

    private static HttpServer https(SelfSignedCertificate certificate) {
        return vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions()))
                .requestHandler(request -> request.response().end("legacy over tls: " + request.isSSL()))
                .listen(0, "127.0.0.1").await();
    }

    /** A trust store holding the certificate: the proxy trusts the JVM's trust store, as for JWKS providers. */
    private static Path trustStore(SelfSignedCertificate certificate, Path folder) throws Exception {
        Certificate cert;
        try (var in = Files.newInputStream(Path.of(certificate.certificatePath()))) {
            cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("legacy", cert);
        Path file = folder.resolve("trust.p12");
        try (var out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray());
        }
        return file;
    }

    @AfterAll
    static void stop() {
        saved.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        vertx.close().await();
    }

    private static HttpResponse<String> getThrough(String legacyOrigin) throws Exception {
        ProxySettings settings = ProxySettings.defaults(
                new UpstreamSettings(Upstream.LEGACY, URI.create(legacyOrigin), 8, Duration.ofSeconds(5),
                        Duration.ofSeconds(5)),
                Upstreams.upstream(Upstream.MODERN, 1));
        DataPlane proxy = Planes.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1),
                RouteResolver.fixed(Route.to(Upstream.LEGACY)), ExchangeRecorder.none()).await();
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + proxy.port() + "/orders")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } finally {
            proxy.shutdown(Duration.ZERO).await();
        }
    }

    @Test
    void anHttpsUpstream_isReachedOverTls() throws Exception {
        HttpResponse<String> response = getThrough("https://localhost:" + trusted.actualPort());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("legacy over tls: true");
    }

    @Test
    void anUpstreamWhoseCertificateIsNotTrusted_gives502() throws Exception {
        assertThat(getThrough("https://localhost:" + untrusted.actualPort()).statusCode()).isEqualTo(502);
    }

    @Test
    void anUpstreamWhoseCertificateIsForAnotherName_gives502() throws Exception {
        assertThat(getThrough("https://127.0.0.1:" + trusted.actualPort()).statusCode()).isEqualTo(502);
    }
}
