package org.dlnotes.data;

/** A stratified train / validation / test split of one dataset. */
public record Split(LabelledData train, LabelledData validation, LabelledData test) {
}
