package dev.driftgate.flink.shadow;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;

/**
 * Where the job writes: the three tables, the dead-letter topic, and the dead letters' rows (stage
 * and reason, for the accounting in {@code shadow report}). {@code alertsDb} is where the alerts
 * sink writes, read before posting to Slack so a restored job does not repeat a delivered alert
 * (null: no check), and where the daily spend budget reads today's shadow_evals cost (null: no budget
 * possible). Tests may pass collecting sinks.
 */
public record ShadowSinks(Sink<ScoredEvent> evals, Sink<DriftWindow> windows, Sink<AlertDelivery> alerts,
                          Sink<DeadLetter> deadLetters, Sink<DeadLetter> deadLetterRows,
                          JdbcConnectionProvider alertsDb) {

    /** The production wiring: PostgreSQL for the tables and the dead letters' rows, Kafka for the DLQ topic. */
    public static ShadowSinks jdbcAndKafka(JdbcConnectionProvider conn, JdbcExecutionOptions exec,
                                           String bootstrapServers, String dlqTopic) {
        return new ShadowSinks(ShadowJdbcSinks.shadowEvals(conn, exec), ShadowJdbcSinks.driftWindows(conn, exec),
                ShadowJdbcSinks.alerts(conn, exec), ShadowKafka.deadLetterSink(bootstrapServers, dlqTopic),
                ShadowJdbcSinks.deadLetterRows(conn, exec), conn);
    }
}
