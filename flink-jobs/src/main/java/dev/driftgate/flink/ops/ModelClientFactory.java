package dev.driftgate.flink.ops;

import dev.driftgate.core.llm.ModelClient;
import java.io.Serializable;

/**
 * Builds a {@link ModelClient} inside a task's open(): core clients hold HTTP connections and are
 * not Serializable, so operators carry this small recipe instead (response cache decorator included).
 */
@FunctionalInterface
public interface ModelClientFactory extends Serializable {
    ModelClient create();
}
