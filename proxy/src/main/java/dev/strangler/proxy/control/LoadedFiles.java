package dev.strangler.proxy.control;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.LoadResult;
import dev.strangler.config.file.StranglerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The files a configuration was last loaded from (the configuration and its plan file) with a SHA-256 of each
 * one's text, so that the watcher reloads only when one of them really changed: a log file written in the same
 * folder, an editor's swap file or a touched file changes no digest.
 */
final class LoadedFiles {

    private final Map<Path, String> digests = new LinkedHashMap<>();

    /** Loads {@code file}, remembering the digest of every file read; the result may be invalid. */
    static Loaded load(Path file, Map<String, String> environment) {
        LoadedFiles files = new LoadedFiles();
        LoadResult<StranglerConfig> result = ConfigLoader.load(file, environment,
                (path, text) -> files.digests.put(path.toAbsolutePath().normalize(), digest(text)));
        return new Loaded(result, files);
    }

    /** A load's result and the files it read. */
    record Loaded(LoadResult<StranglerConfig> result, LoadedFiles files) {
    }

    /** True when any of the files now reads differently from when it was loaded (or cannot be read any more). */
    boolean changed() {
        for (Map.Entry<Path, String> file : digests.entrySet()) {
            String now;
            try {
                now = digest(Files.readString(file.getKey(), StandardCharsets.UTF_8));
            } catch (IOException unreadable) {
                now = null;
            }
            if (!Objects.equals(now, file.getValue())) {
                return true;
            }
        }
        return false;
    }

    private static String digest(String text) {
        if (text == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
