package org.projectchat.baseline.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.projectchat.contract.PlatformUser;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Strict JSON, size limits, problem+json everywhere, answers sent with their length, an OpenAPI document that names the
 * bearer scheme.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
        "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration"})
@EnableConfigurationProperties(WebProperties.class)
@Import({DataAccessProblems.class, ProblemDetailsAdvice.class, ProblemErrorController.class})
public class WebBaseline {

    /** Unknown fields and nulls for primitives are client errors, not silently dropped. */
    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return builder -> builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail));
    }

    /** Answers of up to 64 KiB sent whole, with their length (see {@link WholeJsonBodies}). */
    @Bean
    @Order(1) // after Spring Boot's JSON converter (order 0), which it replaces
    ServerHttpMessageConvertersCustomizer wholeJsonBodies(JsonMapper jsonMapper) {
        return builder -> builder.withJsonConverter(new WholeJsonBodies(jsonMapper));
    }

    @Bean
    FilterRegistrationBean<RequestShapeFilter> requestShapeFilter() {
        var registration = new FilterRegistrationBean<>(new RequestShapeFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    static {
        // the caller is resolved from the token, not a request parameter: not in the OpenAPI document
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(PlatformUser.class);
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(WebProperties properties) {
        var registration = new FilterRegistrationBean<>(new RequestSizeLimitFilter(properties.maxRequestBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Tomcat's own error pages as problem+json. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.apache.catalina.startup.Tomcat", "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory"})
    static class TomcatProblems {
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatProblemPages() {
            return TomcatProblemPages.customizer();
        }
    }

    /** Jetty's own error pages as problem+json. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.eclipse.jetty.server.Server", "org.springframework.boot.jetty.ConfigurableJettyWebServerFactory"})
    static class JettyProblems {
        @Bean
        WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> jettyProblemPages() {
            return JettyProblemPages.customizer();
        }
    }

    @Bean
    @ConditionalOnMissingBean
    OpenAPI openApi(org.springframework.core.env.Environment environment) {
        String name = environment.getProperty("spring.application.name", "service");
        return new OpenAPI()
                .info(new io.swagger.v3.oas.models.info.Info().title("Project Chat " + name).version("v1"))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
