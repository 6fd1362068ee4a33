package org.projectchat.baseline.security;

import org.projectchat.contract.PlatformRole;
import org.projectchat.contract.PlatformUser;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Lets controllers declare a {@link PlatformUser} parameter for the authenticated caller. */
public class PlatformUserArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == PlatformUser.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binderFactory) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return userOf(jwt);
        }
        throw new IllegalStateException("no authenticated caller");
    }

    /** The {@code roles} claim: platform roles; unknown names are ignored. */
    public static final String ROLES_CLAIM = "roles";

    /** The caller a verified token names: subject, {@code name} (or the subject), {@code email}, platform roles. */
    public static PlatformUser userOf(Jwt jwt) {
        EnumSet<PlatformRole> roles = EnumSet.noneOf(PlatformRole.class);
        List<String> claimed = jwt.getClaimAsStringList(ROLES_CLAIM);
        if (claimed != null) {
            for (String role : claimed) {
                for (PlatformRole known : PlatformRole.values()) {
                    if (known.name().equalsIgnoreCase(role)) {
                        roles.add(known);
                    }
                }
            }
        }
        String name = jwt.getClaimAsString("name");
        return new PlatformUser(jwt.getSubject(), name != null ? name : jwt.getSubject(),
                jwt.getClaimAsString("email"), Set.copyOf(roles));
    }

    /** Registers the resolver with Spring MVC. */
    public static class Registration implements WebMvcConfigurer {
        @Override
        public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
            resolvers.add(new PlatformUserArgumentResolver());
        }
    }
}
