package dev.strangler.proxy.forward;

import dev.strangler.rules.Upstream;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.http.HttpServerOptions;
import java.util.Map;

/**
 * The Vert.x options of the data plane, built by the server's composition root from {@link ProxySettings}: the
 * listening server's, the deployment's (one server per event loop), and each upstream's clients'.
 *
 * @param server     the listening server, shared by every event loop's instance
 * @param deployment how many instances share the port
 * @param upstreams  each upstream's client options
 */
public record DataPlaneOptions(HttpServerOptions server, DeploymentOptions deployment,
                               Map<Upstream, UpstreamOptions> upstreams) {

    public DataPlaneOptions {
        upstreams = Map.copyOf(upstreams);
    }
}
