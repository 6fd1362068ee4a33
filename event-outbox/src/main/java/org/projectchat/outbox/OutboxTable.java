package org.projectchat.outbox;

import org.projectchat.contract.Topic;

import java.util.List;

/**
 * Where a service keeps its outbox, for the relay.
 *
 * @param name      names the relay's advisory lock, its NOTIFY channel ({@code <name>_outbox}) and its default
 *                  Kafka transactional id
 * @param selectSql returns (position, stream_id, stream_version, envelope as text), oldest first; one parameter: the limit
 * @param deleteSql removes published rows; one parameter: an array of positions
 * @param topics    the topics whose committed tail is checked when a relay takes over
 */
public record OutboxTable(String name, String selectSql, String deleteSql, List<Topic> topics) {

    public String channel() {
        return name + "_outbox";
    }

    public String countSql() {
        return "select count(*) from (" + selectSql.replace("limit ?", "") + ") backlog";
    }
}
