package dev.driftgate.core.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftgate.core.llm.ModelResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** The response_cache table (Flyway V3): look up by key, insert once (first writer wins). */
public final class DatabaseResponseCache implements ResponseCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataSource dataSource;

    public DatabaseResponseCache(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Entry> get(CacheKey key) throws CacheAccessException {
        try {
            return select(key);
        } catch (SQLException e) {
            throw new CacheAccessException(e.getMessage(), e);
        }
    }

    @Override
    public void put(CacheKey key, ModelResponse response) throws CacheAccessException {
        try {
            insert(key, response);
        } catch (SQLException e) {
            throw new CacheAccessException(e.getMessage(), e);
        }
    }

    private Optional<Entry> select(CacheKey key) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT provider, model, response_text, input_tokens, "
                     + "output_tokens, original_cost_usd, original_latency_ms FROM response_cache WHERE cache_key = ?")) {
            ps.setString(1, key.hex());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Entry(rs.getString("response_text"),
                        rs.getString("provider") + "/" + rs.getString("model"), rs.getInt("input_tokens"),
                        rs.getInt("output_tokens"), rs.getDouble("original_cost_usd"),
                        rs.getLong("original_latency_ms")));
            }
        }
    }

    private void insert(CacheKey key, ModelResponse response) throws SQLException {
        String fields;
        try {
            fields = JSON.writeValueAsString(key.fields());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO response_cache (cache_key, provider, model, "
                     + "key_fields, response_text, input_tokens, output_tokens, original_cost_usd, original_latency_ms) "
                     + "VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?) ON CONFLICT (cache_key) DO NOTHING")) {
            ps.setString(1, key.hex());
            ps.setString(2, key.provider());
            ps.setString(3, key.model());
            ps.setString(4, fields);
            ps.setString(5, response.text());
            ps.setInt(6, response.inputTokens());
            ps.setInt(7, response.outputTokens());
            ps.setDouble(8, response.estimatedCostUsd());
            ps.setLong(9, response.latencyMs());
            ps.executeUpdate();
        }
    }
}
