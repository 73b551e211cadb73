package dev.strangler.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root, found from the test's working directory (a module directory under Maven). */
final class RepositoryRoot {

    private RepositoryRoot() {
    }

    static Path find() {
        Path current = Path.of("").toAbsolutePath();
        while (current != null) {
            if (Files.isDirectory(current.resolve("deploy")) && Files.exists(current.resolve("mvnw"))) {
                return current;
            }
            current = current.getParent();
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }
}
