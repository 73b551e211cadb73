package dev.strangler.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.forward.RequestHead;
import dev.strangler.rules.RequestFacts;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestFactsReaderTest {

    private final RequestFactsReader reader =
            new RequestFactsReader(Clock.fixed(Instant.parse("2026-11-22T04:00:00Z"), ZoneOffset.UTC));

    @Test
    void read_givesNormalisedPathHostCookiesQueryAndTime() {
        MultiMap headers = HttpHeaders.headers().add("Host", "Shop.Example:8080").add("X-User-Id", "ALFKI")
                .add("X-User-Id", "IGNORED").add("Cookie", "uid=42; theme=\"dark\"").add("Cookie", "uid=43");

        RequestFactsReader.Read read = reader.read(new RequestHead(HttpMethod.GET,
                "/api/orders//8;v=1?user=Zo%C3%AB&x=1&x=2", "/api/orders//8;v=1", "user=Zo%C3%AB&x=1&x=2",
                headers, null), List.of());

        assertThat(read).isInstanceOf(RequestFactsReader.Facts.class);
        RequestFacts facts = ((RequestFactsReader.Facts) read).facts();
        assertThat(facts.path()).isEqualTo("/api/orders/8");
        assertThat(facts.host()).isEqualTo("shop.example");
        assertThat(facts.header("x-user-id")).isEqualTo("ALFKI");
        assertThat(facts.cookies()).containsEntry("uid", "42").containsEntry("theme", "dark");
        assertThat(facts.query()).containsEntry("user", "Zoë").containsEntry("x", "1");
        assertThat(facts.epochSecond()).isEqualTo(Instant.parse("2026-11-22T04:00:00Z").getEpochSecond());
    }

    @Test
    void read_refusesAPathWithAnEncodedSlash() {
        RequestFactsReader.Read read = reader.read(new RequestHead(HttpMethod.GET, "/api/..%2Fadmin",
                "/api/..%2Fadmin", null, HttpHeaders.headers().add("Host", "a"), null), List.of());

        assertThat(read).isInstanceOf(RequestFactsReader.Refused.class);
        assertThat(((RequestFactsReader.Refused) read).rejection().status()).isEqualTo(400);
    }
}
