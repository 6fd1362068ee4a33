package org.projectchat.gateway.client;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Duration;

/**
 * A WebJar's path names its version, so what it serves never changes: browsers keep it a year without asking. The
 * client's own files (spring.web.resources.cache.cachecontrol.no-cache) are asked for again on each load and answered
 * 304 while they are unchanged, so a new release is picked up at once.
 */
@Configuration(proxyBeanMethods = false)
class ClientCaching implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
    }
}
