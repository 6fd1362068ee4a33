package org.projectchat.eventsourcing.replay;

import org.projectchat.baseline.ops.Failures;
import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventPayload;
import org.projectchat.eventsourcing.notify.DedicatedConnections;
import org.projectchat.eventsourcing.projection.Projection;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A PostgreSQL projection replayed into shadow tables: copies of its tables, empty, in a schema of their own. The
 * projection writes there through a connection whose search path puts that schema first (tables it only reads
 * resolve to the live ones), while readers keep reading the live tables. {@link #complete()} swaps them in one
 * transaction: the live tables move aside, the shadow tables take their place, the positions follow.
 */
public final class ShadowTables implements ReplayTarget {

    /**
     * The swap tries again only while a lock is busy: after 20 ms, then twice as long each time up to half a second,
     * for at most a minute before the replay fails with the last refusal.
     */
    private static final RetryTemplate SWAP = new RetryTemplate(RetryPolicy.builder()
            .predicate(Failures::isLockNotAvailable)
            .delay(Duration.ofMillis(20)).multiplier(2).maxDelay(Duration.ofMillis(500))
            .maxRetries(Long.MAX_VALUE).timeout(Duration.ofMinutes(1))
            .build());

    private final Projection projection;
    private final List<String> tables;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final String shadow;
    private final String replaced;
    private Connection connection;
    private Projection writer;

    /**
     * @param tables the projection's own tables (the roster's too if it keeps it); not projection_positions, whose
     *               rows of this projection are carried over
     */
    public ShadowTables(Projection projection, List<String> tables, DataSource dataSource, TransactionTemplate tx) {
        this.projection = projection;
        this.tables = List.copyOf(tables);
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = tx;
        String base = projection.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
        this.shadow = "replay_" + base;
        this.replaced = "replaced_" + base;
    }

    @Override
    public String describe() {
        return "shadow tables of " + projection.name() + " (" + String.join(", ", tables) + ")";
    }

    @Override
    public void begin() throws Exception {
        for (String table : tables) {
            Boolean sequenced = jdbc.queryForObject("""
                    select exists (select 1 from information_schema.columns where table_schema = 'public' and table_name = ?
                                   and column_default like 'nextval(%')""", Boolean.class, table);
            if (Boolean.TRUE.equals(sequenced)) {
                // its sequence would move away with the table it belongs to
                throw new IllegalStateException(table + " draws from a sequence; it cannot be rebuilt in shadow tables");
            }
        }
        jdbc.execute("drop schema if exists " + shadow + " cascade");
        jdbc.execute("create schema " + shadow);
        for (String table : tables) {
            jdbc.execute("create table " + shadow + "." + table + " (like public." + table + " including all)");
        }
        jdbc.execute("create table " + shadow + ".projection_positions (like public.projection_positions including all)");
        connection = DedicatedConnections.open(dataSource);
        try (var s = connection.createStatement()) {
            s.execute("set search_path to " + shadow + ", public");
        }
        writer = projection.writingTo(new SingleConnectionDataSource(connection, true));
    }

    @Override
    public void apply(List<EventEnvelope<EventPayload>> events) {
        writer.apply(events);
    }

    @Override
    public void complete() {
        // the swap takes every live table's exclusive lock first, giving up after a moment rather than waiting: a
        // reader holding one of them while it waits for another (a query over messages and message_revisions) would
        // otherwise deadlock with the swap, and PostgreSQL would end the reader's query with an error
        SWAP.invoke(this::swap);
        close();
    }

    private void swap() {
        tx.executeWithoutResult(status -> {
            jdbc.execute("set local lock_timeout = '200ms'");
            jdbc.execute("lock table " + String.join(", ", tables.stream().map(t -> "public." + t).toList()) + " in access exclusive mode");
            jdbc.update("delete from public.projection_positions where projection = ?", projection.name());
            jdbc.update("insert into public.projection_positions select * from " + shadow + ".projection_positions");
            jdbc.execute("drop schema if exists " + replaced + " cascade");
            jdbc.execute("create schema " + replaced);
            for (String table : tables) {
                jdbc.execute("alter table public." + table + " set schema " + replaced);
                jdbc.execute("alter table " + shadow + "." + table + " set schema public");
            }
            jdbc.execute("drop schema " + replaced + " cascade");
            jdbc.execute("drop schema " + shadow + " cascade");
        });
    }

    @Override
    public void abandon() {
        close();
        try {
            jdbc.execute("drop schema if exists " + shadow + " cascade");
        } catch (RuntimeException ignored) {
            // the database may be what failed; the next replay drops it first
        }
    }

    private void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (Exception ignored) {
                // closing a connection that broke
            }
            connection = null;
        }
    }
}
