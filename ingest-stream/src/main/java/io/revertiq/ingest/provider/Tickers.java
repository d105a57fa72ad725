package io.revertiq.ingest.provider;

import java.util.regex.Pattern;

/** Ticker symbols as providers accept them; the pattern also keeps a ticker from ever naming a path or URL part. */
final class Tickers {
    private static final Pattern TICKER = Pattern.compile("^[A-Z][A-Z0-9.\\-]{0,9}$");

    private Tickers() {
    }

    static String require(String ticker) throws ProviderException {
        if (ticker == null || !TICKER.matcher(ticker).matches()) {
            throw new ProviderException(ProviderException.Kind.BAD_REQUEST,
                    "bad ticker '" + ticker + "', expected " + TICKER.pattern());
        }
        return ticker;
    }
}
