package org.projectchat.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The open loop's load generator, in the manner of wrk2: posts at a fixed rate from one thread over a fixed set of
 * kept-alive connections (non-blocking sockets and a selector). The i-th post is due at {@code start + i * interval}
 * and timed from then: a post that waits for a free connection, or for the loop, counts its lateness instead of
 * quietly being sent later. The wait for the next due post is the selector's, in whole milliseconds, so a post may
 * leave up to a millisecond after it was due; that is counted too, and the figures err high by as much.
 *
 * <p>One thread instead of one sleeping thread per connection: at 2,300 posts/s, 64 sending threads cost the shared
 * 2 cores 0.075 ms of CPU per post (each post a timed sleep, a wake-up, a blocking read and another wake-up).
 */
final class PacedPosts {

    private static final Duration ANSWER_WAIT = Duration.ofSeconds(60);

    private PacedPosts() {
    }

    /** What the i-th post sends, asked for when it is sent. */
    interface Posts {
        Post post(long index, long due);
    }

    record Post(String path, String json) {
    }

    /** The i-th post's answer: its status (-1 when the exchange failed) and when it was read (System.nanoTime). */
    interface Answers {
        void answered(long index, long due, int status, long at);
    }

    /**
     * Sends {@code total} posts, one every {@code interval} ns from {@code start}, over {@code connections}
     * connections; returns when each has been answered, or failed, or 60 s after the last was due (the ones still
     * unanswered then are not reported).
     */
    static void run(PostRequest request, int connections, long start, long interval, long total, Posts posts,
                    Answers answers) throws IOException {
        try (Selector selector = Selector.open()) {
            ArrayDeque<Connection> idle = new ArrayDeque<>();
            List<Connection> all = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                Connection connection = new Connection(request, selector);
                all.add(connection);
                idle.add(connection);
            }
            long giveUp = start + total * interval + ANSWER_WAIT.toNanos();
            long[] answered = {0};
            long next = 0;
            try {
                while (answered[0] < total && System.nanoTime() < giveUp) {
                    long now = System.nanoTime();
                    while (next < total && !idle.isEmpty() && start + next * interval <= now) {
                        long due = start + next * interval;
                        Post post = posts.post(next, due);
                        Connection connection = idle.poll();
                        if (!connection.send(request.bytes(post.path(), post.json()), next, due)) {
                            answered[0]++;
                            answers.answered(next, due, -1, System.nanoTime());
                            connection.reopen();
                            idle.add(connection);
                        }
                        next++;
                    }
                    long wait = next < total && !idle.isEmpty()
                            ? start + next * interval - System.nanoTime() : Duration.ofSeconds(1).toNanos();
                    selector.select(key -> {
                        Connection connection = (Connection) key.attachment();
                        int status = connection.ready(key);
                        if (status != Connection.NOT_YET) {
                            answered[0]++;
                            answers.answered(connection.index, connection.due, status, System.nanoTime());
                            idle.add(connection);
                        }
                    }, Math.max(1, Math.round(wait / 1e6)));
                }
            } finally {
                all.forEach(Connection::close);
            }
        }
    }

    /** One kept-alive connection: idle, or waiting for the answer to one post. */
    private static final class Connection {

        static final int NOT_YET = Integer.MIN_VALUE;

        private final PostRequest request;
        private final Selector selector;
        private final byte[] buffer = new byte[64 * 1024];
        private int limit;
        private SocketChannel channel;
        private SelectionKey key;
        private ByteBuffer unsent;
        private boolean waiting;
        long index;
        long due;

        Connection(PostRequest request, Selector selector) throws IOException {
            this.request = request;
            this.selector = selector;
            open();
        }

        private void open() throws IOException {
            channel = SocketChannel.open(request.address());
            channel.socket().setTcpNoDelay(true);
            channel.configureBlocking(false);
            key = channel.register(selector, SelectionKey.OP_READ, this);
            limit = 0;
            unsent = null;
        }

        /** Writes the request (what the socket does not take now goes when it is writable); false if the write failed. */
        boolean send(byte[] bytes, long index, long due) {
            this.index = index;
            this.due = due;
            try {
                ByteBuffer request = ByteBuffer.wrap(bytes);
                channel.write(request);
                if (request.hasRemaining()) {
                    unsent = request;
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
                waiting = true;
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /**
         * Writes what is left of the request, reads what has come; the answer's status once it is whole, -1 when the
         * exchange failed (the connection is opened again), {@link #NOT_YET} otherwise.
         */
        int ready(SelectionKey selected) {
            try {
                if (selected.isValid() && selected.isWritable() && unsent != null) {
                    channel.write(unsent);
                    if (!unsent.hasRemaining()) {
                        unsent = null;
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (!selected.isValid() || !selected.isReadable()) {
                    return NOT_YET;
                }
                if (limit == buffer.length) {
                    throw new IOException("an answer longer than " + buffer.length + " bytes");
                }
                int read = channel.read(ByteBuffer.wrap(buffer, limit, buffer.length - limit));
                if (read < 0) {
                    throw new IOException("the server closed the connection");
                }
                limit += read;
                PostRequest.Answer answer = PostRequest.Answer.parse(buffer, 0, limit);
                if (answer != null && !waiting) {
                    limit = 0; // an answer to nothing asked: dropped
                }
                if (answer == null || !waiting) {
                    return NOT_YET;
                }
                System.arraycopy(buffer, answer.end(), buffer, 0, limit - answer.end());
                limit -= answer.end();
                waiting = false;
                if (answer.closes()) {
                    reopen();
                }
                return answer.status();
            } catch (IOException e) {
                boolean wasWaiting = waiting;
                waiting = false;
                reopen();
                return wasWaiting ? -1 : NOT_YET;
            }
        }

        void reopen() {
            close();
            try {
                open();
            } catch (IOException e) {
                throw new IllegalStateException("cannot connect to " + request.address(), e);
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
