package org.projectchat.baseline.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Jetty's own refusals (requests it rejects before Spring sees them) answer as problem+json instead of its HTML page. */
final class JettyProblemPages {

    private JettyProblemPages() {
    }

    static WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> customizer() {
        return factory -> factory.addServerCustomizers(server -> server.setErrorHandler(new ProblemHandler()));
    }

    private static final class ProblemHandler extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                        Callback callback) {
            HttpStatus status = HttpStatus.resolve(code);
            String title = status == null ? "Error" : status.getReasonPhrase();
            String type = status == null ? "error" : status.name().toLowerCase().replace('_', '-');
            String detail = code == 501 || code == 505 ? "The server does not support what this request needs: " + title + "."
                    : code >= 500 ? "An unexpected error occurred." : "The server cannot accept this request: " + title + ".";
            byte[] body = ("{\"type\":\"" + ProblemResponses.TYPE_BASE + type + "\",\"title\":" + ProblemResponses.quote(title)
                    + ",\"status\":" + code + ",\"detail\":" + ProblemResponses.quote(detail) + "}").getBytes(StandardCharsets.UTF_8);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }
}
