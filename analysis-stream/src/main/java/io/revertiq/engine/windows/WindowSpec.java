package io.revertiq.engine.windows;

import io.revertiq.engine.request.InvalidArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code windows.spec} (section 3): {@code HH:MM-HH:MM/W} for contiguous bins, {@code HH:MM-HH:MM/W/S}
 * for bins of width W every S minutes. W and S are "30m", "1h" or plain minutes. End "24:00" is accepted.
 */
public final class WindowSpec {
    public static final int MAX_BINS = 40;
    private static final String FIELD = "windows.spec";
    private static final String HINT = "use HH:MM-HH:MM/W or HH:MM-HH:MM/W/S, e.g. 09:45-16:00/30m";
    private static final Pattern SPEC = Pattern.compile(
            "\\s*(\\d{1,2}):(\\d{2})\\s*-\\s*(\\d{1,2}):(\\d{2})\\s*/\\s*([^/\\s]+)\\s*(?:/\\s*([^/\\s]+)\\s*)?");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,4})\\s*(m|min|h)?", Pattern.CASE_INSENSITIVE);

    private WindowSpec() {
    }

    public static List<Bin> parse(String spec) {
        if (spec == null) {
            throw invalid("windows.spec is missing", HINT);
        }
        Matcher mt = SPEC.matcher(spec);
        if (!mt.matches()) {
            throw invalid("malformed windows.spec '" + spec + "'", HINT);
        }
        int start = time(mt.group(1), mt.group(2), spec);
        int end = time(mt.group(3), mt.group(4), spec);
        int width = duration(mt.group(5), spec);
        int step = mt.group(6) == null ? width : duration(mt.group(6), spec);
        if (end <= start) {
            throw invalid("windows.spec end must be after its start: '" + spec + "'", HINT);
        }
        List<Bin> bins = new ArrayList<>();
        for (int s = start; s + width <= end; s += step) {
            if (bins.size() == MAX_BINS) {
                throw invalid("windows.spec '" + spec + "' gives more than " + MAX_BINS + " bins",
                        "use wider bins, a larger step or a shorter range (at most " + MAX_BINS + " bins)");
            }
            bins.add(new Bin(s, s + width));
        }
        if (bins.isEmpty()) {
            throw invalid("windows.spec '" + spec + "' gives no bin: the width exceeds the range", HINT);
        }
        return List.copyOf(bins);
    }

    private static InvalidArgumentException invalid(String message, String hint) {
        return new InvalidArgumentException(FIELD, message, hint);
    }

    private static int time(String hh, String mm, String spec) {
        int h = Integer.parseInt(hh);
        int m = Integer.parseInt(mm);
        if (h > 24 || m > 59 || (h == 24 && m != 0)) {
            throw invalid("invalid time " + hh + ":" + mm + " in windows.spec '" + spec + "'", HINT);
        }
        return h * 60 + m;
    }

    private static int duration(String text, String spec) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw invalid("invalid duration '" + text + "' in windows.spec '" + spec + "'",
                    "durations are minutes: 30, 30m or 1h");
        }
        int value = Integer.parseInt(m.group(1));
        int minutes = m.group(2) != null && m.group(2).equalsIgnoreCase("h") ? value * 60 : value;
        if (minutes <= 0) {
            throw invalid("duration '" + text + "' in windows.spec '" + spec + "' must be positive",
                    "durations are minutes: 30, 30m or 1h");
        }
        return minutes;
    }
}
