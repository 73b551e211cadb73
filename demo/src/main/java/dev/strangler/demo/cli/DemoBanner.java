package dev.strangler.demo.cli;

import dev.strangler.demo.DemoProxy;
import dev.strangler.demo.DemoStack;
import dev.strangler.rules.RequestFacts;
import dev.strangler.rules.RoutingTable;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserStatus;
import java.util.List;

/** What {@code strangler demo} prints once everything is up: where things are, and what to try. */
final class DemoBanner {

    /** A pilot customer whose data is valid: migrated on first access. */
    static final String MIGRATES = "ALFKI";
    /** A pilot customer whose phone number fails the plan's validation: stays on legacy. */
    static final String INVALID = "LINOD";

    private DemoBanner() {
    }

    static String text(DemoStack stack, DemoProxy proxy) {
        String url = proxy.url();
        String config = proxy.configFile().toString();
        String legacyUser = legacyUser(proxy);
        String auth = "Authorization: Bearer " + proxy.adminToken();
        return String.join(System.lineSeparator(),
                "",
                "Strangler demo is running.",
                "",
                "  proxy           " + url + "   <- send everything here",
                "  admin           " + proxy.adminUrl() + "   token: " + proxy.adminToken(),
                "  console         " + proxy.adminUrl() + "/console/   <- sign in with the admin token above",
                "  legacy app      " + stack.legacyApp().url() + "   (Northwind: 91 customers, 830 orders)",
                "  modern app      " + stack.modernApp().url() + "   (empty until customers are migrated)",
                "  configuration   " + config + "   (the Northwind plan is beside it)",
                "  legacy database " + stack.legacyDatabase().uri(),
                "  modern database " + stack.modernDatabase().uri(),
                "",
                "Three kinds of users through the proxy (the X-Served-By header says who answered):",
                "  # " + legacyUser + " is not in the rollout share: served by legacy",
                "  curl -si " + url + "/api/customers/" + legacyUser + " | grep -i x-served-by",
                "  # " + MIGRATES + " is a pilot customer: migrated on first access, then served by modern",
                "  curl -si " + url + "/api/customers/" + MIGRATES + " | grep -i x-served-by",
                "  # " + INVALID + " is a pilot customer whose phone number fails validation: quietly stays on legacy",
                "  curl -si " + url + "/api/customers/" + INVALID + " | grep -i x-served-by",
                "",
                "What happened, and what to do about it:",
                "  ./strangler status --config " + config,
                "  ./strangler migrate --user " + INVALID + " --dry-run --config " + config,
                "  ./strangler audit --config " + config + " --out audit.html",
                "  curl -s " + proxy.adminUrl() + "/metrics | grep '^strangler_'",
                "",
                "The admin API (every endpoint is in the README):",
                "  curl -s -H '" + auth + "' " + proxy.adminUrl() + "/admin/users/" + INVALID,
                "  curl -s -H '" + auth + "' '" + proxy.adminUrl() + "/admin/migrations?outcome=INVALID'",
                "  curl -s -X PUT -H '" + auth + "' -H 'Content-Type: application/json' -d '{\"percent\": 60}' "
                        + proxy.adminUrl() + "/admin/rollout/everyone",
                "  open " + url + "/signin in a browser and sign in as " + MIGRATES + " or " + legacyUser,
                "",
                "Press Ctrl-C to stop.");
    }

    /** The first Northwind customer that the demo's rollout leaves on legacy, as the routing table decides it. */
    static String legacyUser(DemoProxy proxy) {
        RoutingTable table = proxy.config().routingTable();
        List<String> users = proxy.migrator().reports().legacyUsers().await();
        return users.stream()
                .filter(key -> table.decideRollout(key, RequestFacts.of("GET", "/api/customers/" + key),
                        UserStatus.NEW).upstream() == Upstream.LEGACY)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("every customer is in the rollout share"));
    }
}
