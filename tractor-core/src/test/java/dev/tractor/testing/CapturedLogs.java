package dev.tractor.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The log lines of {@code dev.tractor} while it is open, formatted as they would be written. */
public final class CapturedLogs implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.tractor");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public CapturedLogs() {
        appender.start();
        logger.addAppender(appender);
    }

    /** The messages logged so far. */
    public List<String> messages() {
        synchronized (appender.list) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** The messages that contain {@code text}. */
    public List<String> containing(String text) {
        return messages().stream().filter(m -> m.contains(text)).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
