package org.projectchat.gateway.limits;

import org.projectchat.gateway.routes.GatewayProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RateLimits {

    /** After Spring Security's filters (order -100), so the caller's verified token is known. */
    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(GatewayProperties properties) {
        var registration = new FilterRegistrationBean<>(new RateLimitFilter(new RequestBuckets(properties.rateLimit(), System::nanoTime)));
        registration.setOrder(0);
        return registration;
    }
}
