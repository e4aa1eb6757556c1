package dev.driftgate.gateway;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether the Node.js tools the npm-client tests need are installed (they skip with a message otherwise). */
final class NodeTools {
    private NodeTools() {
    }

    static boolean installed() {
        return runs("node", "--version") && runs("npm", "--version");
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
