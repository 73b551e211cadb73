package dev.strangler.history;

import dev.strangler.deploy.ProxyProcess;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The faults and the operators of a history, one action every one to two seconds, chosen by the seed: percentages
 * raised and lowered, users pinned and unpinned, users rolled back, two backfill workers, a replica killed with
 * SIGKILL and started again a few seconds later, the state database restarted, legacy slowed down. The scheduler
 * only paces the actions; nothing here waits for a condition.
 */
final class Nemesis {

    private final HistoryStack stack;
    private final UserPool pool;
    private final History history;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ScheduledExecutorService actions = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService later = Executors.newScheduledThreadPool(2);
    private final Set<String> pinned = ConcurrentHashMap.newKeySet();
    private final List<CliProcess> backfills = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    Nemesis(HistoryStack stack, UserPool pool, History history) {
        this.stack = stack;
        this.pool = pool;
        this.history = history;
        this.random = new Random(stack.settings.seed() ^ 0x5DEECE66DL);
    }

    /** Starts acting after {@code warmUp}: the replicas' first migrations run on cold JVMs, undisturbed. */
    void start(Duration warmUp) {
        actions.schedule(this::act, warmUp.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void act() {
        if (stopped) {
            return;
        }
        try {
            int dice = random.nextInt(100);
            if (dice < 20) {
                percent();
            } else if (dice < 32) {
                pin();
            } else if (dice < 42) {
                unpin();
            } else if (dice < 56) {
                rollback();
            } else if (dice < 63) {
                backfill();
            } else if (dice < 72) {
                killReplica();
            } else if (dice < 78) {
                restartStateDatabase();
            } else {
                slowLegacy();
            }
        } catch (Exception e) {
            history.event("nemesis action failed: " + e);
        }
        if (!stopped) {
            actions.schedule(this::act, 1000 + random.nextInt(1000), TimeUnit.MILLISECONDS);
        }
    }

    private void percent() throws Exception {
        double percent = List.of(0, 5, 20, 30, 50, 70, 100).get(random.nextInt(7));
        admin("PUT", "/admin/rollout/" + HistoryStack.COHORT,
                new JsonObject().put("percent", percent).put("reason", "history nemesis"), "percent " + percent);
    }

    private void pin() throws Exception {
        String user = pool.users().get(random.nextInt(pool.users().size()));
        String to = random.nextBoolean() ? "legacy" : "modern";
        if (admin("PUT", "/admin/users/" + user + "/pin", new JsonObject().put("to", to), "pin " + user + " " + to)) {
            pinned.add(user);
        }
    }

    private void unpin() throws Exception {
        List<String> candidates = new ArrayList<>(pinned).stream().sorted().toList();
        if (!candidates.isEmpty()) {
            String user = candidates.get(random.nextInt(candidates.size()));
            if (admin("DELETE", "/admin/users/" + user + "/pin", null, "unpin " + user)) {
                pinned.remove(user);
            }
        }
    }

    private void rollback() throws Exception {
        List<String> migrated = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                stack.modern.jdbcUrl() + "&connectTimeout=2&socketTimeout=5");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT user_key FROM strangler.user_state WHERE state = 'MIGRATED' ORDER BY user_key")) {
            while (rows.next()) {
                migrated.add(rows.getString(1));
            }
        }
        if (!migrated.isEmpty()) {
            String user = migrated.get(random.nextInt(migrated.size()));
            admin("POST", "/admin/users/" + user + "/rollback", new JsonObject(), "rollback " + user);
        }
    }

    private void backfill() throws Exception {
        if (backfills.stream().anyMatch(CliProcess::isAlive)) {
            return;
        }
        for (int worker = 0; worker < 2; worker++) {
            backfills.add(stack.cli("backfill", "--rate", "3", "--concurrency", "2", "--limit", "8"));
        }
        history.event("backfill: two workers started (--rate 3 --limit 8 each)");
    }

    private void killReplica() throws Exception {
        if (stack.fleet.live().size() < stack.fleet.size()) {
            return;
        }
        int slot = random.nextInt(stack.fleet.size());
        if (stack.fleet.kill(slot)) {
            history.event("kill -9 replica " + slot);
            later.schedule(() -> {
                try {
                    stack.fleet.start(slot);
                    history.event("replica " + slot + " started again");
                } catch (Exception e) {
                    history.event("replica " + slot + " did not start again: " + e);
                }
            }, 2 + random.nextInt(5), TimeUnit.SECONDS);
        }
    }

    private void restartStateDatabase() {
        history.event("state database restart begins");
        stack.stateServer.restart();
        history.event("state database restart done");
    }

    private void slowLegacy() {
        long delay = 100 + random.nextInt((int) stack.settings.maxLegacyDelay().toMillis() - 99);
        stack.legacyRelay.delay(delay);
        history.event("legacy delayed by " + delay + " ms");
        later.schedule(() -> {
            stack.legacyRelay.delay(0);
            history.event("legacy delay removed");
        }, 2 + random.nextInt(4), TimeUnit.SECONDS);
    }

    private boolean admin(String method, String path, JsonObject body, String what) throws Exception {
        Optional<ProxyProcess> replica = stack.fleet.any(random);
        if (replica.isEmpty()) {
            history.event(what + ": no live replica");
            return false;
        }
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + replica.get().adminPort() + path))
                .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + HistoryStack.TOKEN)
                .header("Content-Type", "application/json").header("X-Strangler-Actor", "history-nemesis")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode())).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            history.event(what + ": " + response.statusCode()
                    + (response.statusCode() / 100 == 2 ? "" : " " + response.body()));
            return response.statusCode() / 100 == 2;
        } catch (java.io.IOException e) {
            history.event(what + ": " + e);
            return false;
        }
    }

    /**
     * Stops acting and heals everything: legacy at full speed, every replica running, the backfill workers ended.
     * Returns the backfill workers' outputs.
     */
    List<String> stopAndHeal() throws Exception {
        stopped = true;
        actions.shutdown();
        actions.awaitTermination(2, TimeUnit.MINUTES);
        later.shutdown();
        later.awaitTermination(2, TimeUnit.MINUTES);
        stack.legacyRelay.delay(0);
        stack.fleet.heal();
        List<String> outputs = new ArrayList<>();
        for (CliProcess worker : backfills) {
            int status = worker.await(120);
            outputs.add("exit " + status + "\n" + worker.output().strip());
        }
        history.event("nemesis stopped, everything healed");
        return outputs;
    }
}
