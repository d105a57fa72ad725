package io.revertiq.analysis.lake;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The bars of one ticker at one interval from one provider: a folder of the lake. Every part becomes a path
 * segment, so each is checked against a strict pattern; no input can climb out of the lake root.
 */
record Dataset(String provider, String ticker, String interval) {
    static final Pattern PROVIDER = Pattern.compile("^[a-z][a-z0-9_-]{0,31}$");
    static final Pattern TICKER = Pattern.compile("^[A-Z][A-Z0-9.\\-]{0,9}$");
    static final Pattern INTERVAL = Pattern.compile("^(1|5|15|30|60)m$");

    Dataset {
        require(PROVIDER, provider, "provider");
        require(TICKER, ticker, "ticker");
        require(INTERVAL, interval, "interval");
    }

    /** {@code market/{provider}/bars/{TICKER}/{interval}}, relative to the lake root. */
    Path dir() {
        return Path.of("market", provider, "bars", ticker, interval);
    }

    private static void require(Pattern pattern, String value, String what) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("bad " + what + " '" + value + "', expected " + pattern.pattern());
        }
    }
}
