package org.projectchat.gateway.client;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.projectchat.gateway.signin.SignInProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * The web client's pages load nothing but this origin's own scripts, styles and data: a script that got into a page
 * (through a message, say) could neither run inline nor send anything elsewhere (but to the identity provider, to
 * sign in). The API's answers are the services' own and keep their headers.
 */
@Component
class ClientHeadersFilter extends OncePerRequestFilter {

    private final String policy;

    /** The identity provider's origin is the one other place the page may connect to (to sign in). */
    ClientHeadersFilter(SignInProperties signIn) {
        String connect = signIn.enabled() ? "'self' " + signIn.origin() : "'self'";
        this.policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src "
                + connect + "; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", policy);
        response.setHeader("Referrer-Policy", "no-referrer");
        chain.doFilter(request, response);
    }
}
