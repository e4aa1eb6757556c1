package dev.driftgate.gateway;

import dev.driftgate.local.kafka.LocalKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the gateway test classes start around a gateway and stop after it. */
final class TestResources {
    private TestResources() {
    }

    /**
     * A broker in a fresh directory (it refuses data formatted for another cluster id) with the shadow
     * requests topic in {@code partitions} partitions.
     */
    static LocalKafkaBroker freshBroker(String directoryPrefix, int partitions) throws IOException {
        LocalKafkaBroker broker = LocalKafkaBroker.startIn(
                Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), directoryPrefix));
        broker.createTopics(partitions, ShadowEvents.TOPIC);
        return broker;
    }

    /** Closes each in order, null or not, whatever the others do: a test's clean-up must not hide its result. */
    static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable c : resources) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }
}
