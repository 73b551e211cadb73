package dev.strangler.history;

import dev.strangler.deploy.ProxyProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clients of a history: each acts for its own share of the users, one operation at a time (so a user's
 * operations are never concurrent and their order is the order they were sent), through a live replica chosen at
 * random, and records every operation with its outcome. A scheduler hands out permits at the configured rate, so
 * the clients' pace does not depend on how fast the machine answers.
 */
final class Workload {

    /** What a successful profile read saw when the customer has no contact title. */
    static final String NO_TITLE = "(none)";

    private final HistorySettings settings;
    private final UserPool pool;
    private final Fleet fleet;
    private final History history;
    private final HttpClient http;
    private final AtomicLong titles = new AtomicLong();
    private final Semaphore permits = new Semaphore(0);

    Workload(HistorySettings settings, UserPool pool, Fleet fleet, History history) {
        this.settings = settings;
        this.pool = pool;
        this.fleet = fleet;
        this.history = history;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
    }

    /** Runs every client until {@code duration} has passed; returns when the last operation has completed. */
    void run(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        long every = Math.max(1, 1_000_000 / settings.opsPerSecond());
        pacer.scheduleAtFixedRate(() -> {
            if (permits.availablePermits() < settings.clients()) {
                permits.release();
            }
        }, 0, every, TimeUnit.MICROSECONDS);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < settings.clients(); c++) {
            int client = c;
            Thread thread = new Thread(() -> runClient(client, end), "history-client-" + client);
            thread.start();
            clients.add(thread);
        }
        for (Thread thread : clients) {
            thread.join();
        }
        pacer.shutdownNow();
    }

    /**
     * After the nemesis healed: every client reads each of its users' profile and orders once, so that the read
     * check sees every user through the proxy as the history left them.
     */
    void readEveryUser() throws InterruptedException {
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < settings.clients(); c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                Random random = new Random(settings.seed() * 17 + client);
                for (String user : pool.shareOf(client, settings.clients())) {
                    for (Op.Kind kind : List.of(Op.Kind.READ_PROFILE, Op.Kind.READ_ORDERS)) {
                        fleet.any(random).ifPresent(replica ->
                                history.add(execute(client, user, kind, replica.port(), random)));
                    }
                }
            }, "history-reader-" + client);
            thread.start();
            clients.add(thread);
        }
        for (Thread thread : clients) {
            thread.join();
        }
    }

    private void runClient(int client, long end) {
        Random random = new Random(settings.seed() * 31 + client);
        List<String> users = pool.shareOf(client, settings.clients());
        while (System.nanoTime() < end) {
            try {
                if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            String user = users.get(random.nextInt(users.size()));
            int dice = random.nextInt(100);
            Op.Kind kind = dice < 35 ? Op.Kind.WRITE_TITLE : dice < 50 ? Op.Kind.PLACE_ORDER
                    : dice < 80 ? Op.Kind.READ_PROFILE : Op.Kind.READ_ORDERS;
            Optional<ProxyProcess> replica = fleet.any(random);
            if (replica.isPresent()) {
                history.add(execute(client, user, kind, replica.get().port(), random));
            }
        }
    }

    private Op execute(int client, String user, Op.Kind kind, int port, Random random) {
        String base = "http://127.0.0.1:" + port + "/api/customers/" + user;
        HttpRequest.Builder request = HttpRequest.newBuilder().timeout(settings.bound().plusSeconds(5));
        String written = null;
        switch (kind) {
            case WRITE_TITLE -> {
                written = "hist-" + titles.incrementAndGet();
                request.uri(URI.create(base + "/contact")).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                pool.contacts().get(user).copy().put("title", written).encode()));
            }
            case PLACE_ORDER -> {
                int product = pool.products().get(random.nextInt(pool.products().size()));
                int quantity = 1 + random.nextInt(60);
                written = product + "x" + quantity;
                JsonObject order = new JsonObject().put("shipperId", 1 + random.nextInt(3)).put("lines",
                        new JsonArray().add(new JsonObject().put("productId", product).put("quantity", quantity)));
                request.uri(URI.create(base + "/orders")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(order.encode()));
            }
            case READ_PROFILE -> request.uri(URI.create(base)).GET();
            case READ_ORDERS -> request.uri(URI.create(base + "/orders")).GET();
        }
        long invoked = history.now();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long completed = history.now();
            String servedBy = response.headers().firstValue("X-Served-By").orElse(null);
            int status = response.statusCode();
            if (status / 100 != 2) {
                return new Op(client, user, kind, written, Set.of(), invoked, completed, status, servedBy,
                        Op.Result.UNKNOWN);
            }
            JsonObject body = new JsonObject(response.body());
            Set<Long> seen = new HashSet<>();
            String value = switch (kind) {
                case WRITE_TITLE -> written;
                case PLACE_ORDER -> body.getJsonObject("order").getLong("id") + "/" + written;
                case READ_PROFILE -> Optional.ofNullable(UserPool.trimmed(
                        body.getJsonObject("customer").getJsonObject("contact").getString("title"))).orElse(NO_TITLE);
                case READ_ORDERS -> {
                    body.getJsonArray("orders").forEach(o -> seen.add(((JsonObject) o).getLong("id")));
                    yield null;
                }
            };
            return new Op(client, user, kind, value, seen, invoked, completed, status, servedBy, Op.Result.OK);
        } catch (java.io.IOException e) {
            return new Op(client, user, kind, written, Set.of(), invoked, history.now(), 0, null, Op.Result.UNKNOWN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Op(client, user, kind, written, Set.of(), invoked, history.now(), 0, null, Op.Result.UNKNOWN);
        }
    }
}
