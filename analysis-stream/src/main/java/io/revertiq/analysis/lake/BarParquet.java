package io.revertiq.analysis.lake;

import io.revertiq.avro.Bar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificData;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Parquet files of {@link Bar} records (ZSTD), through the local-file API so no Hadoop file system is involved.
 * Lake shards and the file provider's {@code .parquet} inputs share this one format.
 */
public final class BarParquet {

    private BarParquet() {
    }

    /** Writes the bars in the given order to a new file; an existing file is an error (callers write temp files). */
    public static void write(Path file, List<Bar> bars) throws IOException {
        try (ParquetWriter<Bar> writer = AvroParquetWriter.<Bar>builder(new LocalOutputFile(file))
                .withSchema(Bar.getClassSchema())
                .withDataModel(SpecificData.get())
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .build()) {
            for (Bar bar : bars) {
                writer.write(bar);
            }
        }
    }

    /** Every record of the file, in file order. */
    public static List<Bar> read(Path file) throws IOException {
        List<Bar> bars = new ArrayList<>();
        try (ParquetReader<Bar> reader = AvroParquetReader.<Bar>builder(new LocalInputFile(file),
                        new PlainParquetConfiguration())
                .withDataModel(SpecificData.get())
                .build()) {
            for (Bar bar = reader.read(); bar != null; bar = reader.read()) {
                bars.add(bar);
            }
        }
        return bars;
    }
}
