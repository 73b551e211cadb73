package dev.strangler.proxy.admin;

import io.vertx.ext.web.Router;

/**
 * A group of routes on the admin port (a part of the {@code /admin/**} API, or a console page), built by the
 * server's composition root with exactly the services it uses and mounted once.
 */
public interface Endpoints {

    /** Adds this group's routes to the admin port's router. */
    void mount(Router router);
}
