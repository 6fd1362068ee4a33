package org.projectchat.eventsourcing.notify;

import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Connections of their own, outside the pool, for session state that must end with them: an
 * advisory lock, a LISTEN. A pooled connection given back to the pool would keep both alive.
 */
public final class DedicatedConnections {

    private DedicatedConnections() {
    }

    public static Connection open(DataSource dataSource) throws SQLException {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
            Connection connection = DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
            connection.setAutoCommit(true);
            return connection;
        }
        throw new IllegalStateException("a dedicated connection needs the pool's settings; not a HikariDataSource: "
                + dataSource.getClass().getName());
    }
}
