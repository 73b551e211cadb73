package dev.strangler.proxy.control;

import dev.strangler.config.ConfigError;
import dev.strangler.config.LoadResult;
import dev.strangler.config.file.StranglerConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Reloads the configuration file on demand ({@code POST /admin/config/reload}) and when it changes. The file's
 * folder is watched rather than the file, because editors replace files and Kubernetes swaps a ConfigMap's
 * {@code ..data} symlink; bursts of events are debounced into one check, and only a check that finds the text of
 * the configuration or its plan file changed reloads ({@link LoadedFiles}): a log written into the same folder
 * must not reload, and log, on every line. A valid file replaces the routing rules
 * at once (runtime percentages stay applied); an invalid one is logged with its errors and ignored. Settings that
 * cannot change in place are compared with the configuration the instance started with, so every reload keeps
 * reporting them until the instance is restarted.
 */
public final class ConfigReloader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConfigReloader.class.getName());
    private static final long DEBOUNCE_MILLIS = 200;

    private final Vertx vertx;
    private final Context context;
    private final Path file;
    private final Map<String, String> environment;
    private final RuntimeRollout rollout;
    private final StranglerConfig started;
    private final AtomicReference<StranglerConfig> current;
    private final AtomicLong checks = new AtomicLong();
    private volatile LoadedFiles files;
    private WatchService watcher;
    private long pending = -1;

    public ConfigReloader(Vertx vertx, Path file, Map<String, String> environment, StranglerConfig loaded,
                          RuntimeRollout rollout) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.file = file;
        this.environment = Map.copyOf(environment);
        this.rollout = rollout;
        this.started = loaded;
        this.current = new AtomicReference<>(loaded);
    }

    /** The configuration in force (the last good one). */
    public StranglerConfig current() {
        return current.get();
    }

    /** Whether there is a file to reload (an instance started from a configuration in memory has none). */
    public boolean hasFile() {
        return file != null;
    }

    /** Reads the file again and applies it if valid. */
    public Future<ReloadResult> reload() {
        if (file == null) {
            return Future.succeededFuture(new ReloadResult.Rejected(
                    List.of("this instance was started without a configuration file")));
        }
        return vertx.executeBlocking(() -> LoadedFiles.load(file, environment)).map(this::apply);
    }

    /** How many watched changes were examined so far (each burst of folder events is one). */
    public long checks() {
        return checks.get();
    }

    private synchronized ReloadResult apply(LoadedFiles.Loaded read) {
        files = read.files();
        LoadResult<StranglerConfig> loaded = read.result();
        if (loaded instanceof LoadResult.Invalid<StranglerConfig> invalid) {
            List<String> errors = invalid.errors().stream().map(ConfigError::toString).toList();
            LOG.warning("configuration reload rejected, the last good configuration keeps serving:\n"
                    + String.join("\n", errors));
            return new ReloadResult.Rejected(errors);
        }
        StranglerConfig config = loaded.orElseThrow();
        List<String> restart = RestartNeeded.between(started, config);
        rollout.configured(config.routingTable());
        current.set(config);
        LOG.info("configuration reloaded" + (restart.isEmpty() ? "" : "; needs a restart: " + restart));
        return new ReloadResult.Applied(restart);
    }

    /** Starts watching the file's folder; changes are applied {@value #DEBOUNCE_MILLIS} ms after the last event. */
    public void watch() throws IOException {
        if (file == null) {
            return;
        }
        Path folder = file.toAbsolutePath().getParent();
        if (files == null) {
            files = LoadedFiles.load(file, environment).files();
        }
        watcher = FileSystems.getDefault().newWatchService();
        folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        Thread thread = new Thread(this::awaitChanges, "strangler-config-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void awaitChanges() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                key.pollEvents();
                key.reset();
                context.runOnContext(event -> debounce());
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private void debounce() {
        if (pending >= 0) {
            vertx.cancelTimer(pending);
        }
        pending = vertx.setTimer(DEBOUNCE_MILLIS, id -> {
            pending = -1;
            check();
        });
    }

    /** Reloads if the configuration or plan file reads differently from the last load; silent otherwise. */
    private void check() {
        LoadedFiles last = files;
        vertx.executeBlocking(() -> last == null || last.changed()).onComplete(changed -> {
            Future<?> done = changed.succeeded() && !changed.result() ? Future.succeededFuture() : reload();
            done.onComplete(ignored -> checks.incrementAndGet());
        });
    }

    @Override
    public void close() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
    }
}
