package org.projectchat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The load generator's HTTP/1.1, in the manner of wrk: a POST with what a client sends (Host, Authorization,
 * Content-Type and Content-Length) and the answer's status and end, nothing more. Used by the blocking
 * {@link PostConnection} and the one-thread {@link PacedPosts}.
 */
final class PostRequest {

    private static final byte[] LINE_END = {'\r', '\n'};
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    private final InetSocketAddress address;
    private final byte[] head;

    /** For posts to paths of {@code baseUrl}'s server with a bearer token (plain http only, as the benchmark runs). */
    PostRequest(String baseUrl, String token) {
        URI uri = URI.create(baseUrl);
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("plain http only: " + baseUrl);
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        this.address = new InetSocketAddress(uri.getHost(), port);
        this.head = ("Host: " + uri.getHost() + ":" + port + "\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    InetSocketAddress address() {
        return address;
    }

    /** The whole request: request line, headers, the JSON body. */
    byte[] bytes(String path, String json) {
        byte[] line = ("POST " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[line.length + head.length + length.length + body.length];
        System.arraycopy(line, 0, request, 0, line.length);
        System.arraycopy(head, 0, request, line.length, head.length);
        System.arraycopy(length, 0, request, line.length + head.length, length.length);
        System.arraycopy(body, 0, request, line.length + head.length + length.length, body.length);
        return request;
    }

    /**
     * An answer read to its end: its status, where it ends in the buffer, and whether the server closes the connection
     * after it (it said so, or the body runs to the end of the connection).
     */
    record Answer(int status, int end, boolean closes) {

        /**
         * The answer that starts at {@code from}, if all of it is in {@code buffer[from, to)} (the body by its
         * Content-Length or its chunks); null when more must be read.
         */
        static Answer parse(byte[] buffer, int from, int to) throws IOException {
            int headEnd = indexOf(buffer, from, to, HEAD_END);
            if (headEnd < 0) {
                return null;
            }
            String[] lines = new String(buffer, from, headEnd - from, StandardCharsets.ISO_8859_1).split("\r\n");
            if (!lines[0].startsWith("HTTP/1.1 ") || lines[0].length() < 12) {
                throw new IOException("not an HTTP/1.1 answer: " + lines[0]);
            }
            int status = Integer.parseInt(lines[0], 9, 12, 10);
            long length = -1;
            boolean chunked = false;
            boolean closes = false;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim();
                String value = lines[i].substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase().contains("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    closes = value.equalsIgnoreCase("close");
                }
            }
            int position = headEnd + HEAD_END.length;
            if (chunked) {
                while (true) {
                    int lineEnd = indexOf(buffer, position, to, LINE_END);
                    if (lineEnd < 0) {
                        return null;
                    }
                    String sizeLine = new String(buffer, position, lineEnd - position, StandardCharsets.ISO_8859_1);
                    long size = Long.parseLong(sizeLine.split(";", 2)[0].trim(), 16);
                    position = lineEnd + 2;
                    if (size == 0) {
                        break;
                    }
                    if (position + size + 2 > to) {
                        return null;
                    }
                    position += (int) size + 2;
                }
                while (true) { // trailers, up to the empty line
                    int lineEnd = indexOf(buffer, position, to, LINE_END);
                    if (lineEnd < 0) {
                        return null;
                    }
                    boolean empty = lineEnd == position;
                    position = lineEnd + 2;
                    if (empty) {
                        break;
                    }
                }
            } else if (length >= 0) {
                if (position + length > to) {
                    return null;
                }
                position += (int) length;
            } else {
                return new Answer(status, to, true); // a body to the end of the connection
            }
            return new Answer(status, position, closes);
        }
    }

    /** Where {@code pattern} starts in {@code buffer[from, to)}, or -1. */
    private static int indexOf(byte[] buffer, int from, int to, byte[] pattern) {
        outer:
        for (int i = from; i <= to - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (buffer[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
