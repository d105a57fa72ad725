package io.revertiq.ingest.provider;

import java.util.Map;

/** The bar intervals of the analysis contract and their width in minutes. */
final class Intervals {
    private static final Map<String, Integer> MINUTES = Map.of("1m", 1, "5m", 5, "15m", 15, "30m", 30, "60m", 60);

    private Intervals() {
    }

    static int minutes(String interval) throws ProviderException {
        Integer minutes = interval == null ? null : MINUTES.get(interval);
        if (minutes == null) {
            throw new ProviderException(ProviderException.Kind.BAD_REQUEST,
                    "unsupported interval '" + interval + "', expected one of 1m 5m 15m 30m 60m");
        }
        return minutes;
    }
}
