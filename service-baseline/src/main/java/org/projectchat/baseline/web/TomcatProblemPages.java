package org.projectchat.baseline.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Tomcat's own refusals (a request it rejects before Spring sees it: an undecodable path, characters not allowed in a
 * query, an unmet {@code Expect}, a transfer coding it does not know) answer as problem+json instead of its HTML page.
 * Requests Tomcat cannot even parse (an invalid header name, a bad request line) are answered by its HTTP parser
 * without any page; nothing can be configured there (see the README).
 */
final class TomcatProblemPages {

    private TomcatProblemPages() {
    }

    static WebServerFactoryCustomizer<TomcatServletWebServerFactory> customizer() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemValve.class.getName());
            }
        });
    }

    /** The host's error report valve, writing RFC 9457 problem+json without details. */
    public static final class ProblemValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int code = response.getStatus();
            if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            HttpStatus status = HttpStatus.resolve(code);
            String title = status == null ? "Error" : status.getReasonPhrase();
            String type = status == null ? "error" : status.name().toLowerCase().replace('_', '-');
            String detail = code == 501 || code == 505 ? "The server does not support what this request needs: " + title + "."
                    : code >= 500 ? "An unexpected error occurred." : "The server cannot accept this request: " + title + ".";
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write("{\"type\":\"" + ProblemResponses.TYPE_BASE + type + "\",\"title\":" + ProblemResponses.quote(title)
                            + ",\"status\":" + code + ",\"detail\":" + ProblemResponses.quote(detail) + "}");
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException ignored) {
                // the client went away, or the response was already on its way
            }
        }
    }
}
