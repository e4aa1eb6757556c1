package dev.driftgate.cli;

import dev.driftgate.core.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParseResult;

/** Maps failures to the documented exit codes and prints one clear line instead of a stack trace. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Invalid input (bad dataset line, bad config) or the gate blocked the change. */
    public static final int INVALID_OR_BLOCKED = 1;
    /** Could not decide (unreadable scores file, store needed but down) or too many failures. */
    public static final int UNDECIDED = 2;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    static final class ExceptionMapper implements IExitCodeExceptionMapper {
        @Override
        public int getExitCode(Throwable t) {
            if (t instanceof ConfigException || t instanceof CommandLine.ParameterException) {
                return INVALID_OR_BLOCKED;
            }
            if (t instanceof InterruptedException) {
                return INTERRUPTED;
            }
            return UNDECIDED;
        }
    }

    static final class ExceptionHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            cmd.getErr().println(cmd.getColorScheme().errorText("driftgate: " + message));
            if (Boolean.getBoolean("driftgate.debug")) {
                e.printStackTrace(cmd.getErr());
            }
            return new ExceptionMapper().getExitCode(e);
        }
    }
}
