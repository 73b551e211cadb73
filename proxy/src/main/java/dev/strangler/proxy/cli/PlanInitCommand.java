package dev.strangler.proxy.cli;

import dev.strangler.config.DatabaseUrl;
import dev.strangler.migrator.Migrator.DraftRequest;
import dev.strangler.migrator.Migrator.PlanDraft;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strangler plan init --legacy URL --root TABLE [--key COLUMN] [--modern URL] [--depth N] [--out FILE]}:
 * drafts a commented plan from the legacy catalogue. It reads catalogues only; the {@code ALTER TABLE} a cleaned
 * mark needs is printed, never run. Exit 0 with the draft on standard output (or in {@code --out}), 2 on bad
 * arguments (an unknown table or column, a file that exists), 1 when a database does not answer.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Drafts a migration plan from the legacy catalogue, following foreign keys from the root table.")
final class PlanInitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--legacy", required = true, description = "the legacy database (postgresql://...)")
    String legacy;

    @Option(names = "--root", required = true, description = "the table with one row per user")
    String root;

    @Option(names = "--key", description = "the user key column of the root (default: its primary key)")
    String key;

    @Option(names = "--modern", description = "the modern database: upserts match its tables and columns by name "
            + "and type (default: modern mirrors legacy)")
    String modern;

    @Option(names = "--depth", defaultValue = "" + DraftRequest.DEFAULT_DEPTH,
            description = "foreign-key hops from the root (default: ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--out", description = "write the draft to this file (it must not exist) instead of stdout")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        DraftRequest request;
        try {
            request = new DraftRequest(DatabaseUrl.parse(legacy), root, key,
                    modern == null ? null : DatabaseUrl.parse(modern), depth);
        } catch (IllegalArgumentException e) {
            err.println("strangler plan init: " + e.getMessage());
            return 2;
        }
        if (out != null && Files.exists(out)) {
            err.println("strangler plan init: --out " + out + ": exists (expected: a new file; plan init never "
                    + "overwrites a plan)");
            return 2;
        }
        Vertx vertx = Vertx.vertx();
        try {
            PlanDraft draft = PlanDraft.draft(vertx, request).await();
            if (out == null) {
                spec.commandLine().getOut().print(draft.yaml());
                spec.commandLine().getOut().flush();
            } else {
                Files.writeString(out, draft.yaml(), StandardCharsets.UTF_8);
                err.println("strangler plan init: draft written to " + out);
            }
            draft.notes().forEach(note -> err.println("strangler plan init: note: " + note));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("strangler plan init: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("strangler plan init: --out " + out + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("strangler plan init: " + e.getMessage());
            return 1;
        } finally {
            err.flush();
            vertx.close().await();
        }
    }
}
