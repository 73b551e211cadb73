package dev.strangler.demo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.demo.DemoProxy;
import dev.strangler.demo.DemoStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code strangler demo} prints leads somewhere: the console's address, with how to sign in, answers. */
class DemoBannerTest {

    @TempDir
    static Path folder;

    private static DemoStack stack;
    private static DemoProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        stack = DemoStack.start(new DemoStack.Options(null, 0, 0));
        proxy = DemoProxy.start(stack, folder.resolve("config"), 0, 0);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        stack.close();
    }

    @Test
    void banner_printsTheConsoleWithItsSignInHint_andTheConsoleAnswers() throws Exception {
        String banner = DemoBanner.text(stack, proxy);
        String console = proxy.adminUrl() + "/console/";
        assertThat(banner).contains("console         " + console + "   <- sign in with the admin token above")
                .contains("token: " + proxy.adminToken());

        HttpResponse<String> signIn = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(URI.create(console)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(200);
        assertThat(signIn.uri().getPath()).isEqualTo("/console/sign-in");
        assertThat(signIn.body()).contains("Admin token");
    }
}
