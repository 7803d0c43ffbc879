package dev.tractor;

/** Base of every error the Tractor runtime raises. Unchecked. */
public class TractorException extends RuntimeException {

    public TractorException(String message) {
        super(message);
    }

    public TractorException(String message, Throwable cause) {
        super(message, cause);
    }
}
