package org.dlnotes.data;

/** A dataset cannot be found, verified, parsed or split; the message says what is wrong and how to fix it. */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public DataException(String message) {
        super(message);
    }

    /** An exception with the given message and cause. */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
