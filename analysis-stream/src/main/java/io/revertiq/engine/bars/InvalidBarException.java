package io.revertiq.engine.bars;

/** A bar the engine cannot use (a non-positive or non-finite price); the message names the bar. */
public final class InvalidBarException extends IllegalArgumentException {
    public InvalidBarException(String message) {
        super(message);
    }
}
