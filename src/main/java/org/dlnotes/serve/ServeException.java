package org.dlnotes.serve;

/** A request the server did not answer with 200: its status and the server's message. */
public final class ServeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    ServeException(int status, String message) {
        super(status + ": " + message);
        this.status = status;
    }

    /** The HTTP status the server answered with. */
    public int status() {
        return status;
    }
}
