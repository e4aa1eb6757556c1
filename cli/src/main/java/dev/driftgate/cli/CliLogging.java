package dev.driftgate.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * Quiet by default: the terminal gets the product's own lines (what commands print, driftgate's warnings
 * and anyone's errors); everything logged at INFO and above, Flink, Kafka, DJL, Flyway and zonky included,
 * goes to {@code <state dir>/logs/driftgate.log}, appended to across runs. The first time a library logs,
 * the file's path is printed once on stderr, so only commands that run frameworks mention it.
 * {@code --verbose} shows everything on stderr as well.
 *
 * <p>Installed by {@link DriftgateCli#main} on top of logback.xml (which stays the whole configuration for
 * in-process tests that call {@link DriftgateCli#execute}).
 */
final class CliLogging {
    static final String FILE_NAME = "driftgate.log";
    /** Appending keeps the logs of concurrent commands; past this size the file moves to driftgate.log.1. */
    private static final long ROTATE_BYTES = 20L * 1024 * 1024;
    private static final String OWN_LOGGERS = "dev.driftgate";
    private static final AtomicBoolean VERBOSE = new AtomicBoolean();

    private CliLogging() {
    }

    /** The log file under a state directory. */
    static Path logFile(Path stateDir) {
        return stateDir.resolve("logs").resolve(FILE_NAME);
    }

    /** Sends all INFO+ events to the file and filters the console; call before anything else logs. */
    static void install(Path stateDir, PrintStream terminal) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Path file = logFile(stateDir).toAbsolutePath();
        rotateIfLarge(file);

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> fileAppender = new FileAppender<>();
        fileAppender.setContext(context);
        fileAppender.setName("FILE");
        fileAppender.setFile(file.toString());
        fileAppender.setAppend(true);
        fileAppender.setEncoder(encoder);
        fileAppender.start(); // creates the logs directory
        root.addAppender(fileAppender);

        NoticeOnce notice = new NoticeOnce(terminal, file);
        notice.setContext(context);
        notice.start();
        root.addAppender(notice);

        for (java.util.Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (appender instanceof ch.qos.logback.core.ConsoleAppender) {
                appender.addFilter(new TerminalFilter());
            }
        }
        root.setLevel(Level.INFO);
        context.getLogger(OWN_LOGGERS).setLevel(Level.INFO);
    }

    private static void rotateIfLarge(Path file) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) > ROTATE_BYTES) {
                Files.move(file, file.resolveSibling(FILE_NAME + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // another command rotated it at the same moment, or the directory is read-only: keep appending
        }
    }

    static void setVerbose(boolean verbose) {
        VERBOSE.set(verbose);
    }

    private static boolean ownLogger(ILoggingEvent event) {
        return event.getLoggerName().startsWith(OWN_LOGGERS);
    }

    /** Not verbose: errors, and driftgate's own warnings; verbose: everything that reached the file. */
    private static final class TerminalFilter extends Filter<ILoggingEvent> {
        @Override
        public FilterReply decide(ILoggingEvent event) {
            if (VERBOSE.get() || event.getLevel().isGreaterOrEqual(Level.ERROR)
                    || (ownLogger(event) && event.getLevel().isGreaterOrEqual(Level.WARN))) {
                return FilterReply.NEUTRAL;
            }
            return FilterReply.DENY;
        }
    }

    /** Prints the log file's path the first time a library logs (one line per process). */
    private static final class NoticeOnce extends AppenderBase<ILoggingEvent> {
        private final PrintStream terminal;
        private final Path file;
        private final AtomicBoolean printed = new AtomicBoolean();

        NoticeOnce(PrintStream terminal, Path file) {
            this.terminal = terminal;
            this.file = file;
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (!ownLogger(event) && printed.compareAndSet(false, true)) {
                terminal.println("driftgate: library logs go to " + file + " (--verbose shows them here)");
            }
        }
    }
}
