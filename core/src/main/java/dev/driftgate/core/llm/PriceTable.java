package dev.driftgate.core.llm;

import dev.driftgate.core.config.ScorerConfig;
import java.util.Map;

/** Estimated cost from scorer_config.yaml's pricing table (USD per million tokens, keyed by model string). */
public final class PriceTable {
    private final Map<String, ScorerConfig.Price> prices;

    public PriceTable(Map<String, ScorerConfig.Price> prices) {
        this.prices = prices == null ? Map.of() : Map.copyOf(prices);
    }

    /** Zero for models without a price (local models, the simulator). */
    public double costUsd(String modelString, long inputTokens, long outputTokens) {
        ScorerConfig.Price price = prices.get(modelString);
        if (price == null) {
            return 0.0;
        }
        return (inputTokens * price.input() + outputTokens * price.output()) / 1_000_000.0;
    }

    public boolean isPriced(String modelString) {
        return prices.containsKey(modelString);
    }
}
