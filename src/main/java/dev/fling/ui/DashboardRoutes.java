package dev.fling.ui;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Sends a browser that opens Fling's address to the dashboard. The page itself is static
 * (META-INF/resources/ui) and reads the same API as everyone else, so it needs no resource of its
 * own and stays out of the OpenAPI document; {@code POST /} is left to the CloudEvents ingress.
 */
@ApplicationScoped
public class DashboardRoutes {

    static final String DASHBOARD = "/ui/";

    void routes(@Observes Router router) {
        router.get("/").order(-1).handler(context -> context.redirect(DASHBOARD));
    }
}
