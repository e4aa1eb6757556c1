package dev.driftgate.gate.github;

/** The PR comment could not be posted; the message never contains the token. */
public final class GitHubException extends Exception {
    public GitHubException(String message) {
        super(message);
    }
}
