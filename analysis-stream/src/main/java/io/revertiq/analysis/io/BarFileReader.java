package io.revertiq.analysis.io;

import io.revertiq.engine.bars.RawBars;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads bar files (plain or gzip CSV, gzip detected from the magic bytes) into {@link RawBars}. The format is
 * recognised from the header; columns are located by name, so their order does not matter:
 * <ul>
 *   <li>aggregates: {@code t,o,h,l,c,v} with optional {@code vw,n}; t = bar start as a UTC epoch number</li>
 *   <li>ISO: {@code timestamp,open,high,low,close,volume}; timestamp ISO-8601 with offset (a space in place of
 *       the 'T' is accepted)</li>
 *   <li>Polygon flat files: {@code ticker,volume,open,close,high,low,window_start,transactions}; window_start in
 *       ns; rows of other tickers are skipped when a ticker filter is given, and a file holding several tickers
 *       without a filter is an error</li>
 * </ul>
 * Any malformed row fails the whole read with a {@link BarFileException}: silently skipping rows would change
 * the data_hash and the analysis without telling anyone.
 */
public final class BarFileReader {

    private enum Format { AGGREGATES, ISO, FLAT_FILE }

    private static final List<String> AGGREGATES = List.of("t", "o", "h", "l", "c", "v");
    private static final List<String> AGGREGATES_OPTIONAL = List.of("vw", "n");
    private static final List<String> ISO = List.of("timestamp", "open", "high", "low", "close", "volume");
    private static final List<String> FLAT_FILE =
            List.of("ticker", "volume", "open", "close", "high", "low", "window_start", "transactions");

    private BarFileReader() {
    }

    public static RawBars read(Path file) throws IOException {
        return read(file, null);
    }

    /** @param ticker keeps only this ticker's rows of a flat file; ignored by the single-ticker formats. */
    public static RawBars read(Path file, String ticker) throws IOException {
        try (BufferedReader in = open(file)) {
            String headerLine = in.readLine();
            if (headerLine == null) {
                throw new BarFileException(file, 1, "empty file, expected a header");
            }
            if (!headerLine.isEmpty() && headerLine.charAt(0) == '\uFEFF') {
                headerLine = headerLine.substring(1);
            }
            String[] header = headerLine.split(",", -1);
            for (int i = 0; i < header.length; i++) {
                header[i] = header[i].trim().toLowerCase(Locale.ROOT);
            }
            Format format = detect(file, header);
            return switch (format) {
                case AGGREGATES -> new Rows(file, header, in).readAggregates();
                case ISO -> new Rows(file, header, in).readIso();
                case FLAT_FILE -> new Rows(file, header, in).readFlatFile(ticker);
            };
        }
    }

    /**
     * Epoch number of unknown unit to ms. Vendors disagree (the shared SPY/QQQ 5m files carry seconds under
     * Polygon's ms field name; flat files use ns), so the unit is inferred from magnitude: seconds stay below
     * 1e11 until the year 5138, while any ms time after March 1973 is above it; likewise 1e14 and 1e17 separate
     * ms from us and us from ns.
     */
    static long toEpochMs(long raw) {
        if (raw < 100_000_000_000L) {
            return raw * 1000L;
        }
        if (raw < 100_000_000_000_000L) {
            return raw;
        }
        if (raw < 100_000_000_000_000_000L) {
            return raw / 1000L;
        }
        return raw / 1_000_000L;
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        InputStream in = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static Format detect(Path file, String[] header) throws BarFileException {
        List<String> names = List.of(header);
        if (names.containsAll(AGGREGATES) && extrasWithin(names, AGGREGATES, AGGREGATES_OPTIONAL)) {
            return Format.AGGREGATES;
        }
        if (names.containsAll(ISO) && names.size() == ISO.size()) {
            return Format.ISO;
        }
        if (names.containsAll(FLAT_FILE) && names.size() == FLAT_FILE.size()) {
            return Format.FLAT_FILE;
        }
        throw new BarFileException(file, 1, "unknown header '" + String.join(",", header) + "'; expected "
                + String.join(",", AGGREGATES) + "[,vw,n] or " + String.join(",", ISO) + " or "
                + String.join(",", FLAT_FILE));
    }

    private static boolean extrasWithin(List<String> names, List<String> required, List<String> optional) {
        for (String name : names) {
            if (!required.contains(name) && !optional.contains(name)) {
                return false;
            }
        }
        return names.size() == names.stream().distinct().count();
    }

    /** One pass over the data rows of a file whose header is known. */
    private static final class Rows {
        private final Path file;
        private final String[] header;
        private final BufferedReader in;
        private final int[] start;
        private final int[] end;
        private final RawBars.Builder bars = new RawBars.Builder(1 << 14);
        private String line;
        private long lineNo = 1;

        Rows(Path file, String[] header, BufferedReader in) {
            this.file = file;
            this.header = header;
            this.in = in;
            this.start = new int[header.length];
            this.end = new int[header.length];
        }

        RawBars readAggregates() throws IOException {
            int t = col("t");
            int o = col("o");
            int h = col("h");
            int l = col("l");
            int c = col("c");
            int v = col("v");
            int vw = col("vw");
            while (next()) {
                long raw = longField(t);
                if (raw <= 0) {
                    throw fail("non-positive timestamp " + raw + " in column t");
                }
                double vwap = vw < 0 || start[vw] == end[vw] ? Double.NaN : price(vw);
                add(toEpochMs(raw), o, h, l, c, v, vwap);
            }
            return bars.build();
        }

        RawBars readIso() throws IOException {
            int ts = col("timestamp");
            int o = col("open");
            int h = col("high");
            int l = col("low");
            int c = col("close");
            int v = col("volume");
            while (next()) {
                String text = field(ts);
                if (text.length() > 10 && text.charAt(10) == ' ') {
                    text = text.substring(0, 10) + 'T' + text.substring(11);
                }
                long ms;
                try {
                    ms = OffsetDateTime.parse(text).toInstant().toEpochMilli();
                } catch (DateTimeParseException e) {
                    throw fail("bad timestamp '" + text + "', expected ISO-8601 with an offset");
                }
                add(ms, o, h, l, c, v, Double.NaN);
            }
            return bars.build();
        }

        RawBars readFlatFile(String ticker) throws IOException {
            int sym = col("ticker");
            int o = col("open");
            int h = col("high");
            int l = col("low");
            int c = col("close");
            int v = col("volume");
            int ws = col("window_start");
            String seen = null;
            while (next()) {
                String rowTicker = field(sym);
                if (ticker != null) {
                    if (!ticker.equals(rowTicker)) {
                        continue;
                    }
                } else if (seen == null) {
                    seen = rowTicker;
                } else if (!seen.equals(rowTicker)) {
                    throw fail("several tickers (" + seen + ", " + rowTicker + ") in one file; give a ticker filter");
                }
                long raw = longField(ws);
                if (raw <= 0) {
                    throw fail("non-positive timestamp " + raw + " in column window_start");
                }
                add(toEpochMs(raw), o, h, l, c, v, Double.NaN);
            }
            return bars.build();
        }

        private void add(long ms, int o, int h, int l, int c, int v, double vwap) throws BarFileException {
            double vol = number(v);
            if (vol < 0) {
                throw fail("negative volume " + vol + " in column " + header[v]);
            }
            bars.add(ms, price(o), price(h), price(l), price(c), vol, vwap);
        }

        /** Advances to the next non-blank row and records its field boundaries. */
        private boolean next() throws IOException {
            do {
                line = in.readLine();
                lineNo++;
                if (line == null) {
                    return false;
                }
            } while (line.isBlank());
            int field = 0;
            int from = 0;
            for (int i = 0; i <= line.length(); i++) {
                if (i == line.length() || line.charAt(i) == ',') {
                    if (field == header.length) {
                        throw fail("more than the " + header.length + " columns of the header");
                    }
                    int a = from;
                    int b = i;
                    while (a < b && line.charAt(a) == ' ') {
                        a++;
                    }
                    while (b > a && line.charAt(b - 1) == ' ') {
                        b--;
                    }
                    start[field] = a;
                    end[field] = b;
                    field++;
                    from = i + 1;
                }
            }
            if (field < header.length) {
                throw fail("missing column '" + header[field] + "' (found " + field + " of " + header.length + ")");
            }
            return true;
        }

        private String field(int i) throws BarFileException {
            if (start[i] == end[i]) {
                throw fail("empty value in column " + header[i]);
            }
            return line.substring(start[i], end[i]);
        }

        private double number(int i) throws BarFileException {
            String text = field(i);
            double x;
            try {
                x = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw fail("bad number '" + text + "' in column " + header[i]);
            }
            if (!Double.isFinite(x)) {
                throw fail("bad number '" + text + "' in column " + header[i]);
            }
            return x;
        }

        private double price(int i) throws BarFileException {
            double x = number(i);
            if (x <= 0) {
                throw fail("non-positive price " + x + " in column " + header[i]);
            }
            return x;
        }

        private long longField(int i) throws BarFileException {
            String text = field(i);
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw fail("bad number '" + text + "' in column " + header[i] + ", expected an integer epoch time");
            }
        }

        /** Column index by header name, -1 when absent. */
        private int col(String name) {
            for (int i = 0; i < header.length; i++) {
                if (header[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        private BarFileException fail(String problem) {
            return new BarFileException(file, lineNo, problem);
        }
    }
}
