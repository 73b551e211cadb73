package dev.strangler.demo.ramp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.demo.DemoStack;
import dev.strangler.rules.UserState;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cutover at a session boundary with the sample apps' sign-in, through a real proxy: customers signed in on legacy
 * whose cohort goes to 100% finish their session on legacy; one who signs out and in again lands on modern, and one
 * whose session went idle for {@code routing.session.idle} lands on modern with their next request.
 */
class SessionCutoverTest {

    @TempDir
    Path folder;

    private DemoStack stack;
    private ProxyUnderTest proxy;
    private SteppedClock clock;
    private Vertx vertx;
    private WebClient client;

    @BeforeEach
    void start() throws Exception {
        stack = DemoStack.start(new DemoStack.Options(null, 0, 0));
        clock = new SteppedClock(Instant.now());
        vertx = Vertx.vertx();
        client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
        proxy = ProxyUnderTest.start(stack, folder, """
                  salt: rollout-2026
                  session: { cookie: JSESSIONID, idle: 30m }
                  routes:
                    - { path: "/signin", to: rollout }
                    - { path: "/signout", to: rollout }
                    - { path: "/customers/{key}/**", to: rollout }
                    - { path: "/customers/{key}", to: rollout }
                  cohorts:
                    - { name: everyone, percent: 0 }
                """, clock);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await();
        proxy.close();
        stack.close();
    }

    @Test
    void signedInLegacyUsers_finishTheirSessionOnLegacyAndLandOnModernInTheNext() {
        WebClientSession bergs = WebClientSession.create(client);
        WebClientSession frank = WebClientSession.create(client);
        assertThat(signIn(bergs, "BERGS").getHeader("X-Served-By")).isEqualTo("legacy");
        assertThat(signIn(frank, "FRANK").getHeader("X-Served-By")).isEqualTo("legacy");
        assertThat(profile(bergs, "BERGS").getHeader("X-Served-By")).isEqualTo("legacy");
        assertThat(profile(frank, "FRANK").getHeader("X-Served-By")).isEqualTo("legacy");

        proxy.admin(client, "PUT", "/admin/rollout/everyone", new JsonObject().put("percent", 100));
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.server().resolver().table().percentages()
                .get("everyone").value() == 100.0);

        assertThat(profile(bergs, "BERGS").getHeader("X-Served-By")).isEqualTo("legacy");
        clock.step(Duration.ofMinutes(20));
        assertThat(profile(bergs, "BERGS").getHeader("X-Served-By")).isEqualTo("legacy");
        assertThat(state("BERGS")).isEqualTo(UserState.PENDING);

        HttpResponse<Buffer> signOut = bergs.postAbs(proxy.url() + "/signout").send().await();
        assertThat(signOut.getHeader("X-Served-By")).isEqualTo("legacy");
        HttpResponse<Buffer> signInPage = bergs.getAbs(proxy.url() + signOut.getHeader("Location")).send().await();
        assertThat(signInPage.getHeader("X-Served-By")).isEqualTo("modern");
        assertThat(state("BERGS")).isEqualTo(UserState.MIGRATED);
        assertThat(signIn(bergs, "BERGS").getHeader("X-Served-By")).isEqualTo("modern");
        assertThat(profile(bergs, "BERGS").getHeader("X-Served-By")).isEqualTo("modern");

        assertThat(state("FRANK")).isEqualTo(UserState.PENDING);
        clock.step(Duration.ofMinutes(11));
        HttpResponse<Buffer> afterIdle = profile(frank, "FRANK");
        assertThat(afterIdle.getHeader("X-Served-By")).isEqualTo("modern");
        assertThat(afterIdle.bodyAsString()).contains("Frankenversand");
        assertThat(state("FRANK")).isEqualTo(UserState.MIGRATED);
    }

    private HttpResponse<Buffer> signIn(WebClientSession session, String customer) {
        HttpResponse<Buffer> signedIn = session.postAbs(proxy.url() + "/signin")
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("customerId", customer)).await();
        assertThat(signedIn.statusCode()).as(signedIn.bodyAsString()).isEqualTo(303);
        return signedIn;
    }

    private HttpResponse<Buffer> profile(WebClientSession session, String customer) {
        HttpResponse<Buffer> page = session.getAbs(proxy.url() + "/customers/" + customer).send().await();
        assertThat(page.statusCode()).isEqualTo(200);
        return page;
    }

    private UserState state(String customer) {
        return proxy.migrator().states().find(customer).await().state();
    }
}
