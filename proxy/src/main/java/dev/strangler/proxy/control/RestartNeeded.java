package dev.strangler.proxy.control;

import dev.strangler.config.file.StranglerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings a running instance cannot change in place: listeners (bound sockets), upstreams (connection
 * pools), the databases and the migration plan (the migrator's pools and prepared pipeline), the admin token,
 * the data plane ({@code proxy.dataPlane}), logging, shadow comparison ({@code shadow:} and the routes' {@code compare:}, whose client and flush are built at
 * start) and the Prometheus of ramps' gates (its client). Ramp plans themselves apply at once: the next start uses
 * the reloaded one, while a running ramp keeps the plan it started with. A reload that changes them still applies
 * its routing rules and reports these for a restart.
 */
final class RestartNeeded {

    private RestartNeeded() {
    }

    static List<String> between(StranglerConfig running, StranglerConfig loaded) {
        List<String> changed = new ArrayList<>();
        differs(changed, "server", running.server(), loaded.server());
        differs(changed, "admin", running.admin(), loaded.admin());
        differs(changed, "admin.token", running.admin().token(), loaded.admin().token());
        differs(changed, "upstreams", running.upstreams(), loaded.upstreams());
        differs(changed, "migration.legacy", running.migration().legacy(), loaded.migration().legacy());
        differs(changed, "migration.modern", running.migration().modern(), loaded.migration().modern());
        differs(changed, "migration", running.migration().version(), loaded.migration().version());
        differs(changed, "logging", running.logging(), loaded.logging());
        differs(changed, "proxy.dataPlane", running.proxy(), loaded.proxy());
        differs(changed, "shadow", running.shadow(), loaded.shadow());
        differs(changed, "prometheus", running.ramps().prometheus(), loaded.ramps().prometheus());
        return changed;
    }

    private static void differs(List<String> changed, String path, Object running, Object loaded) {
        if (!Objects.equals(running, loaded)) {
            changed.add(path + ": changed; takes effect after a restart");
        }
    }
}
