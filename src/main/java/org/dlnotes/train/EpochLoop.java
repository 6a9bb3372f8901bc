package org.dlnotes.train;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The shared epoch loop ({@link EpochTraining}) on its own, for code that trains without a builder of its own, such
 * as the Spark driver:
 *
 * <pre>{@code
 * History h = new EpochLoop().epochs(5).fastMode(false).progressTo(log::add).run(run -> Map.of("train_loss", step()));
 * }</pre>
 */
public final class EpochLoop extends EpochTraining<EpochLoop> {

    /** A loop of 10 epochs (at most 2 in fast mode), a progress line per epoch to stdout. */
    public EpochLoop() {
        super(10);
    }

    private Consumer<History> afterEachEpoch = history -> { };

    /** Called with the history so far after each epoch, before its progress line (e.g. to save it). */
    public EpochLoop afterEachEpoch(Consumer<History> listener) {
        this.afterEachEpoch = Objects.requireNonNull(listener, "listener");
        return this;
    }

    @Override
    protected void epochFinished(History soFar) {
        afterEachEpoch.accept(soFar);
    }

    /** Runs the epochs; see {@link EpochTraining#runEpochs(Body)}. */
    public History run(Body body) {
        return runEpochs(body);
    }
}
