package io.revertiq.analysis.stream;

import io.revertiq.avro.ShardRef;
import io.revertiq.engine.request.AnalysisParams;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Names for what an analysis derives from its bars before any grid, cost, window or significance parameter plays a
 * part, so requests that share them can share the work: sha256 hex over the provider, the lake shards (path and
 * sha256, in date order) and the horizon and bar settings, plus the signal for the series stage.
 */
public final class SeriesKeys {
    private SeriesKeys() {
    }

    /** The sessionised bars (and so their digest): provider, shards, horizon, bar settings. */
    public static String bars(String provider, List<ShardRef> shards, AnalysisParams params) {
        return sha256(barsText(provider, shards, params).toString());
    }

    /** The series stage (z-series, diagnostics): the bars' key plus the signal. */
    public static String series(String provider, List<ShardRef> shards, AnalysisParams params) {
        return sha256(barsText(provider, shards, params).append('\n').append(params.signal()).toString());
    }

    private static StringBuilder barsText(String provider, List<ShardRef> shards, AnalysisParams params) {
        StringBuilder text = new StringBuilder(provider).append('\n');
        shards.stream().sorted(Comparator.comparing(ShardRef::getDate))
                .forEach(s -> text.append(s.getPath()).append(' ').append(s.getSha256()).append('\n'));
        return text.append(params.horizon()).append('\n').append(params.bar());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
        }
    }
}
