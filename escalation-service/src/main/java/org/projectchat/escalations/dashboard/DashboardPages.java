package org.projectchat.escalations.dashboard;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The ops dashboard: a static page with ES modules and ECharts from its WebJar, all served by this service (nothing
 * from the internet). The page signs in with a bearer token (a link {@code /dashboard/#token=…}, or pasted) and reads
 * everything through the same API as other tools.
 */
@Configuration(proxyBeanMethods = false)
class DashboardPages implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/", "/dashboard/");
        registry.addRedirectViewController("/dashboard", "/dashboard/");
        registry.addViewController("/dashboard/").setViewName("forward:/dashboard/index.html");
    }
}
