package org.dlnotes.data;

/** Fold {@code index} (0-based) of a stratified k-fold split: train on {@code train}, validate on {@code validation}. */
public record Fold(int index, LabelledData train, LabelledData validation) {
}
