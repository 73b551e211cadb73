package dev.strangler.migrator.verify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Every user verified in one run, and whether any differs ({@code strangler verify} exits 1 then). */
public record VerifyReport(List<UserVerification> users) {

    public VerifyReport {
        users = List.copyOf(users);
    }

    /** Users with at least one difference. */
    public List<UserVerification> different() {
        return users.stream().filter(user -> !user.clean()).toList();
    }

    public boolean clean() {
        return different().isEmpty();
    }

    public JsonObject toJson() {
        JsonArray all = new JsonArray();
        users.forEach(user -> all.add(user.toJson()));
        return new JsonObject().put("users", users.size()).put("different", different().size()).put("clean", clean())
                .put("results", all);
    }

    /** Text: every user that differs, or has notes, in full; then one summary line. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        users.stream().filter(user -> !user.clean() || !user.notes().isEmpty())
                .forEach(user -> text.append(user.toText()).append('\n'));
        return text.append(users.size()).append(" users verified, ").append(different().size())
                .append(" with differences").toString();
    }
}
