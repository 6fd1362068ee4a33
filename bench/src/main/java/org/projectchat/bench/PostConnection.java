package org.projectchat.bench;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The load generator's side of one kept-alive HTTP/1.1 connection, for one thread: it writes a POST and reads the
 * answer's status and body, nothing more, in the manner of wrk. On this 2-core machine the load generator takes its
 * CPU from the system it measures; OkHttp (its dispatcher, interceptor chain, header maps and Okio buffers) cost about
 * 0.07 ms per post, a tenth of what the whole write path spends at concurrency 16. The request is what a client
 * sends: Host, Authorization, Content-Type and Content-Length. A failed exchange closes the connection and the next
 * one opens a new connection, as a client's pool would.
 */
final class PostConnection implements AutoCloseable {

    private final String host;
    private final int port;
    private final byte[] head;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** For posts to paths of {@code baseUrl}'s server with a bearer token (plain http only, as the benchmark runs). */
    PostConnection(String baseUrl, String token) {
        URI uri = URI.create(baseUrl);
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("plain http only: " + baseUrl);
        }
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 80 : uri.getPort();
        this.head = ("Host: " + host + ":" + port + "\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    /** POSTs the JSON to the path; the answer's status, or -1 when the exchange failed (the connection is then closed). */
    int post(String path, String json) {
        try {
            if (socket == null) {
                connect();
            }
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            out.write(("POST " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(head);
            out.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readResponse();
        } catch (IOException | RuntimeException e) {
            close();
            return -1;
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(60_000);
        in = socket.getInputStream();
        out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
        position = 0;
        limit = 0;
    }

    /** The status line and headers, then the body by its Content-Length or its chunks, read and dropped. */
    private int readResponse() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine, 9, 12, 10);
        long length = -1;
        boolean chunked = false;
        boolean closes = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.toLowerCase().contains("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                closes = value.equalsIgnoreCase("close");
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line().split(";", 2)[0].trim(), 16); size > 0;
                 size = Long.parseLong(line().split(";", 2)[0].trim(), 16)) {
                skip(size);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            skip(length);
        } else {
            closes = true; // a body to the end of the connection
        }
        if (closes) {
            close();
        }
        return status;
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            if (position == limit) {
                fill();
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) (b & 0xff));
        }
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (position == limit) {
                fill();
            }
            int step = (int) Math.min(n, limit - position);
            position += step;
            n -= step;
        }
    }

    private void fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        if (read < 0) {
            throw new EOFException("the server closed the connection");
        }
        position = 0;
        limit = read;
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
