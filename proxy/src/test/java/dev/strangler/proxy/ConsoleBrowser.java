package dev.strangler.proxy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A cookie jar over the admin port, posting forms as a browser does. */
final class ConsoleBrowser {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final int adminPort;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String csrf;

    ConsoleBrowser(int adminPort) {
        this.adminPort = adminPort;
    }

    ConsoleBrowser signedInAs(String token) throws Exception {
        signIn(token, null);
        return this;
    }

    HttpResponse<String> signIn(String token, String person) throws Exception {
        HttpResponse<String> form = get("/console/sign-in");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("csrf", csrfOf(form.body()));
        fields.put("token", token);
        if (person != null) {
            fields.put("person", person);
        }
        HttpResponse<String> answer = send("POST", "/console/sign-in", fields, null);
        if (answer.statusCode() == 303) {
            csrf = csrfOf(get("/console/").body());
        }
        return answer;
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    HttpResponse<String> post(String path, Map<String, String> fields, boolean withCsrf) throws Exception {
        return post(path, fields, withCsrf, null);
    }

    HttpResponse<String> post(String path, Map<String, String> fields, boolean withCsrf, String origin)
            throws Exception {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (withCsrf) {
            all.put("csrf", csrf);
        }
        return send("POST", path, all, origin);
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> fields, String origin)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + adminPort + path)).timeout(Duration.ofSeconds(30));
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                    .collect(Collectors.joining("; ")));
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (fields == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded").POST(
                    HttpRequest.BodyPublishers.ofString(fields.entrySet().stream().map(field -> field.getKey()
                            + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&"))));
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String set : response.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            int equals = pair.indexOf('=');
            if (set.contains("Max-Age=0")) {
                cookies.remove(pair.substring(0, equals));
            } else {
                cookies.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return response;
    }

    private static String csrfOf(String page) {
        Matcher matcher = CSRF.matcher(page);
        return matcher.find() ? matcher.group(1) : null;
    }
}
