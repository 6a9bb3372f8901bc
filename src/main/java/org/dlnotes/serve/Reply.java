package org.dlnotes.serve;

/**
 * One HTTP answer as the client saw it.
 *
 * @param status HTTP status
 * @param body   the body (JSON)
 * @param millis from sending the request to having the whole body
 */
public record Reply(int status, String body, double millis) {

    /** The server's {@code "error"} message, or the body if it has none. */
    public String error() {
        return Json.readError(body);
    }

    /**
     * The predictions in a 200 answer.
     *
     * @throws ServeException with the status and the server's message for any other answer
     */
    public Predictions predictions() {
        if (status != 200) {
            throw new ServeException(status, error());
        }
        return Json.readPredictions(body);
    }

    /** {@code "401: wrong token: ..."}: status and error message on one line. */
    @Override
    public String toString() {
        return status + ": " + (status == 200 ? body : error());
    }
}
