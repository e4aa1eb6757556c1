package dev.driftgate.flink.shadow;

import dev.driftgate.core.config.Environment;
import dev.driftgate.core.config.ShadowConfig;
import java.lang.reflect.InvocationTargetException;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;

/**
 * Where a real deployment reads and writes: Kafka bootstrap servers, the PostgreSQL URL and the
 * scoring components. Builds the job with the Kafka source, the three JDBC upsert sinks and the
 * dead-letter KafkaSink. {@code jdbcPasswordVariable} is the NAME of the environment variable that holds
 * the password (normally {@link Environment#DB_PASSWORD}; null for none): the sinks read it on the task
 * manager, so the password never enters the job graph.
 */
public record ShadowDeployment(String bootstrapServers, String groupId, String jdbcUrl, String jdbcUser,
                               String jdbcPasswordVariable, String componentsClass) {

    /** The default scoring components: the LangChain4j model clients, LLM judge, BERTScore and ROUGE-L. */
    public static final String DEFAULT_COMPONENTS = "dev.driftgate.flink.shadow.LlmScoringComponents";

    public ShadowScoringJob job(ShadowConfig config, ShadowJobOptions options) {
        return job(config, options, components());
    }

    public ShadowScoringJob job(ShadowConfig config, ShadowJobOptions options, ScoringComponents components) {
        JdbcConnectionProvider conn = ShadowJdbcSinks.connection(jdbcUrl, jdbcUser, jdbcPasswordVariable);
        JdbcExecutionOptions exec = ShadowJdbcSinks.execution(options.jdbcBatchSize(), options.jdbcBatchIntervalMs());
        ShadowSinks sinks = ShadowSinks.jdbcAndKafka(conn, exec, bootstrapServers, config.kafka().dlqTopic());
        return new ShadowScoringJob(ShadowKafka.source(bootstrapServers, config.kafka().requestsTopic(), groupId),
                sinks, components, options, EventTimeBounds.from(config));
    }

    /** Loads the components class (public, no-argument constructor), failing with a message that says what to do. */
    public ScoringComponents components() {
        String name = componentsClass == null ? DEFAULT_COMPONENTS : componentsClass;
        try {
            Class<?> c = Class.forName(name);
            if (!ScoringComponents.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException(name + " does not implement " + ScoringComponents.class.getName());
            }
            return (ScoringComponents) c.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("scoring components class " + name + " is not on the classpath"
                    + " (pass --components with a ScoringComponents implementation)", e);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException(name + " needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("cannot create " + name + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
