package io.revertiq.ingest;

import io.revertiq.analysis.stream.Events;
import io.revertiq.analysis.lake.BarRecords;
import io.revertiq.analysis.lake.ParquetLake;
import io.revertiq.avro.Bar;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Market bars (ticker#interval -> Bar) rolled into the lake's daily shards. Bars wait in a changelogged store
 * (so a crash loses none) and are appended per dataset on a wall-clock schedule; the lake skips a bar it already
 * holds, so a flush repeated after a crash adds nothing twice.
 */
final class BarRollupProcessor implements Processor<byte[], byte[], String, Object> {
    static final String BUFFER = "market-bar-buffer";
    static final String DEAD_LETTERS = "bar-dead-letter-sink";

    private final Deserializer<Bar> bars;
    private final ParquetLake lake;
    private final Duration flushInterval;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> buffer;

    BarRollupProcessor(Deserializer<Bar> bars, ParquetLake lake, Duration flushInterval) {
        this.bars = bars;
        this.lake = lake;
        this.flushInterval = flushInterval;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.buffer = context.getStateStore(BUFFER);
        context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        Bar bar;
        try {
            bar = bars.deserialize(Topics.MARKET_BARS.name(), record.value());
            if (bar == null) {
                throw new IllegalArgumentException("market bar without a value");
            }
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            if (!(bar.getTicker() + "#" + bar.getInterval()).equals(key)) {
                throw new IllegalArgumentException("key '" + key + "' is not the bar's ticker#interval "
                        + bar.getTicker() + "#" + bar.getInterval());
            }
            ParquetLake.checkNames(bar.getProvider(), bar.getTicker(), bar.getInterval());
        } catch (RuntimeException e) {
            Events.rethrowIfTransient(e);
            String sourceKey = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            context.forward(record.withKey(sourceKey).withValue(Events.deadLetter(source, record.key(), record.value(),
                    "bar-rollup", e, null, Instant.now())), DEAD_LETTERS);
            return;
        }
        buffer.put(bufferKey(bar, source), record.value());
    }

    /** dataset | partition | offset, zero-padded: the store's key order is then the source order per dataset. */
    private static String bufferKey(Bar bar, RecordMetadata source) {
        return String.format("%s|%s|%s|%05d|%019d", bar.getProvider(), bar.getTicker(), bar.getInterval(),
                source.partition(), source.offset());
    }

    private static String dataset(String bufferKey) {
        return bufferKey.substring(0, bufferKey.length() - 26);
    }

    /** Appends each dataset's buffered bars to the lake, then forgets them; a lake failure stops the stream. */
    private void flush() {
        List<KeyValue<String, byte[]>> pending = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = buffer.all()) {
            all.forEachRemaining(pending::add);
        }
        int i = 0;
        while (i < pending.size()) {
            String dataset = dataset(pending.get(i).key);
            List<Bar> batch = new ArrayList<>();
            int start = i;
            for (; i < pending.size() && dataset(pending.get(i).key).equals(dataset); i++) {
                batch.add(bars.deserialize(Topics.MARKET_BARS.name(), pending.get(i).value));
            }
            Bar first = batch.get(0);
            RawBars raw = BarRecords.toRawBars(batch);
            try {
                lake.append(first.getProvider(), first.getTicker(), first.getInterval(), raw);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot roll market bars into the lake for " + dataset, e);
            }
            for (int k = start; k < i; k++) {
                buffer.delete(pending.get(k).key);
            }
        }
    }
}
