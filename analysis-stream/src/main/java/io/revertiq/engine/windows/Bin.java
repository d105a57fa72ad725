package io.revertiq.engine.windows;

/** One time-of-day bin [start, end) in exchange minutes after midnight; a bar belongs to it when its start lies inside. */
public record Bin(int start, int end) {

    /** "HH:MM-HH:MM". */
    public String label() {
        return hhmm(start) + "-" + hhmm(end);
    }

    private static String hhmm(int minute) {
        return String.format(java.util.Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
    }
}
