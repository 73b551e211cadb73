package dev.strangler.proxy.control;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** What a configuration reload did: applied (perhaps with settings that wait for a restart) or rejected. */
public sealed interface ReloadResult {

    JsonObject toJson();

    /**
     * The new routing rules serve from now on.
     *
     * @param restartNeeded settings that changed but only take effect after a restart (ports, upstream URLs,
     *                      database URLs, the migration plan), each as {@code path: why}
     */
    record Applied(List<String> restartNeeded) implements ReloadResult {
        public Applied {
            restartNeeded = List.copyOf(restartNeeded);
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject().put("applied", true).put("errors", new JsonArray())
                    .put("restartNeeded", new JsonArray(restartNeeded));
        }
    }

    /**
     * The file was not applied; the last good configuration keeps serving.
     *
     * @param errors each error as {@code file:line:column: path: message}
     */
    record Rejected(List<String> errors) implements ReloadResult {
        public Rejected {
            errors = List.copyOf(errors);
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject().put("applied", false).put("errors", new JsonArray(errors))
                    .put("restartNeeded", new JsonArray());
        }
    }
}
