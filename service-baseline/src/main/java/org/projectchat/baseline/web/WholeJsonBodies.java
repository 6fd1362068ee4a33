package org.projectchat.baseline.web;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * The JSON converter of a service's answers, sending a body of up to {@link #WHOLE_UP_TO} bytes whole, with its
 * {@code Content-Length}. Spring MVC flushes an answer given as a {@code ResponseEntity} once it is written
 * ({@code HttpEntityMethodProcessor}), before the server knows its length; the server then sends it chunked, in two
 * writes to the socket (the body, then the last chunk), and the client reads it in two. Told the length first, the
 * server sends headers and body in one write and nothing after. A larger body is streamed as before (chunked), so
 * none is held whole in memory; an event of a stream (SSE, written through a wrapper, not the servlet response) and a
 * request of the service's own clients are written as before too.
 */
public class WholeJsonBodies extends JacksonJsonHttpMessageConverter {

    /** The largest body sent whole: a page of history fits, an export does not come this way. */
    public static final int WHOLE_UP_TO = 64 * 1024;

    public WholeJsonBodies(JsonMapper mapper) {
        super(mapper);
    }

    @Override
    protected void writeInternal(Object object, ResolvableType type, HttpOutputMessage outputMessage,
                                 @Nullable Map<String, Object> hints) throws IOException {
        if (!(outputMessage instanceof ServletServerHttpResponse response) || response.getServletResponse().isCommitted()) {
            super.writeInternal(object, type, outputMessage, hints);
            return;
        }
        Body body = new Body(response);
        super.writeInternal(object, type, new HttpOutputMessage() {
            @Override
            public OutputStream getBody() {
                return body;
            }

            @Override
            public HttpHeaders getHeaders() {
                return response.getHeaders();
            }
        }, hints);
        body.end();
    }

    /** The body, held until it is whole or passes {@link #WHOLE_UP_TO}; from then on written through. */
    private static final class Body extends OutputStream {
        private final ServletServerHttpResponse response;
        private ByteArrayOutputStream held = new ByteArrayOutputStream(512);
        private OutputStream through;

        Body(ServletServerHttpResponse response) {
            this.response = response;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (through == null && held.size() + length > WHOLE_UP_TO) {
                through = response.getBody();
                held.writeTo(through);
                held = null;
            }
            if (through != null) {
                through.write(bytes, offset, length);
            } else {
                held.write(bytes, offset, length);
            }
        }

        /** Sends what is held, with its length. */
        void end() throws IOException {
            if (through == null) {
                response.getServletResponse().setContentLength(held.size());
                held.writeTo(response.getBody());
            }
        }
    }
}
