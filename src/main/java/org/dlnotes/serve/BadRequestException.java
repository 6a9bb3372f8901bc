package org.dlnotes.serve;

/** A request the server refuses with HTTP {@link #status()} (400 or 413) and a message naming what is wrong. */
public final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    BadRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    BadRequestException(String message) {
        this(400, message);
    }

    /** The HTTP status the server answers with. */
    public int status() {
        return status;
    }
}
