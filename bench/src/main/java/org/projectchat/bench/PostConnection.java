package org.projectchat.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The load generator's side of one kept-alive HTTP/1.1 connection, for one thread: it writes a POST and reads the
 * answer's status and body, nothing more, in the manner of wrk. On this 2-core machine the load generator takes its
 * CPU from the system it measures; OkHttp (its dispatcher, interceptor chain, header maps and Okio buffers) cost about
 * 0.07 ms per post, a tenth of what the whole write path spends at concurrency 16. The request and answer are
 * {@link PostRequest}'s. A failed exchange closes the connection and the next one opens a new connection, as a
 * client's pool would.
 */
final class PostConnection implements AutoCloseable {

    private final PostRequest request;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** For posts to paths of {@code baseUrl}'s server with a bearer token (plain http only, as the benchmark runs). */
    PostConnection(String baseUrl, String token) {
        this.request = new PostRequest(baseUrl, token);
    }

    /** POSTs the JSON to the path; the answer's status, or -1 when the exchange failed (the connection is then closed). */
    int post(String path, String json) {
        try {
            if (socket == null) {
                connect();
            }
            out.write(request.bytes(path, json));
            out.flush();
            return readAnswer();
        } catch (IOException | RuntimeException e) {
            close();
            return -1;
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(request.address(), 5_000);
        socket.setSoTimeout(60_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        position = 0;
        limit = 0;
    }

    /** Reads until the answer is whole; its status. */
    private int readAnswer() throws IOException {
        PostRequest.Answer answer;
        while ((answer = PostRequest.Answer.parse(buffer, position, limit)) == null) {
            if (limit == buffer.length) {
                if (position == 0) {
                    throw new IOException("an answer longer than " + buffer.length + " bytes");
                }
                System.arraycopy(buffer, position, buffer, 0, limit - position);
                limit -= position;
                position = 0;
            }
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                throw new EOFException("the server closed the connection");
            }
            limit += read;
        }
        position = answer.end();
        if (position == limit) {
            position = 0;
            limit = 0;
        }
        if (answer.closes()) {
            close();
        }
        return answer.status();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
