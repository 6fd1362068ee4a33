package org.projectchat.gateway.routes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.stripPrefix;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.path;

/**
 * {@code /api/{name}/rest} goes to {@code rest} on the service named so in {@link GatewayProperties#services()}, with
 * the request's method, headers and body as they are (the Authorization header included). Bodies stream both ways:
 * an upload is not collected before it is sent on, and an event stream is flushed as each event arrives.
 */
@Configuration(proxyBeanMethods = false)
class ServiceRoutes {

    @Bean
    RouterFunction<ServerResponse> apiRoutes(GatewayProperties properties) {
        RouterFunction<ServerResponse> routes = null;
        for (var service : properties.services().entrySet()) {
            RouterFunction<ServerResponse> one = route(service.getKey())
                    .route(path("/api/" + service.getKey() + "/**"), http())
                    .before(uri(service.getValue()))
                    .before(stripPrefix(2))
                    .build();
            routes = routes == null ? one : routes.and(one);
        }
        if (routes == null) {
            throw new IllegalStateException("No service to route to: set gateway.services.<name>=<url>");
        }
        return routes;
    }
}
