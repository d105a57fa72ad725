package io.revertiq.analysis.io;

import io.revertiq.engine.bars.RawBars;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes bars in the aggregates format {@code t,o,h,l,c,v,vw} (t in epoch ms, gzip when the name ends in .gz)
 * for tests and demos. Doubles are printed with {@link Double#toString}, so reading the file back gives the
 * same bits and hence the same data_hash.
 */
public final class BarFileWriter {
    private BarFileWriter() {
    }

    public static void writeCsv(RawBars bars, Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            out = new GZIPOutputStream(out, 1 << 16);
        }
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
            w.write("t,o,h,l,c,v,vw\n");
            for (int i = 0; i < bars.size(); i++) {
                w.write(Long.toString(bars.t[i]));
                w.write(',');
                w.write(Double.toString(bars.open[i]));
                w.write(',');
                w.write(Double.toString(bars.high[i]));
                w.write(',');
                w.write(Double.toString(bars.low[i]));
                w.write(',');
                w.write(Double.toString(bars.close[i]));
                w.write(',');
                w.write(Double.toString(bars.volume[i]));
                w.write(',');
                if (!Double.isNaN(bars.vwap[i])) {
                    w.write(Double.toString(bars.vwap[i]));
                }
                w.write('\n');
            }
        }
    }
}
