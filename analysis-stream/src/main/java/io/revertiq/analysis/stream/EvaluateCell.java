package io.revertiq.analysis.stream;

import io.revertiq.analysis.io.RequestParser;
import io.revertiq.analysis.lake.ParquetLake;
import io.revertiq.avro.CellTask;
import io.revertiq.avro.ShardRef;
import io.revertiq.engine.Analysis;
import io.revertiq.engine.cell.CellEvaluator;
import io.revertiq.engine.cell.CellResult;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * One cell task -> one window result. The cell's slice is cut from its analysis's series stage, which the memo
 * holds when this instance fanned the analysis out or evaluated another of its cells, and which is rebuilt from
 * the lake otherwise (and checked against the task's data_hash, so a lake changed since the fan-out fails the
 * cell rather than evaluating other bars).
 */
final class EvaluateCell implements Processor<byte[], byte[], String, Object> {
    static final String STAGE = "evaluate";

    private final Deserializer<CellTask> tasks;
    private final ParquetLake lake;
    private final SeriesMemo memo;
    private final CellEvaluator evaluator = new CellEvaluator();
    private ProcessorContext<String, Object> context;

    EvaluateCell(AnalysisConfig config, SchemaRegistryClient registry, SeriesMemo memo) {
        this.tasks = Topics.CELL_TASKS.valueSerde(registry).deserializer();
        this.lake = new ParquetLake(config.lakeRoot());
        this.memo = memo;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        String analysisId = key.contains("|") ? key.substring(0, key.indexOf('|')) : null;
        try {
            CellTask task = tasks.deserialize(source.topic(), record.value());
            analysisId = task.getAnalysisId();
            if (task.getRequest() == null || task.getSeriesKey().isEmpty()) {
                throw new IllegalArgumentException("cell task " + task.getCellKey() + " was written by an older "
                        + "version (it carries no series_key); submit the analysis again");
            }
            AnalysisParams params = RequestMapping.toParams(task.getRequest());
            Analysis.Series stage = memo.get(task.getSeriesKey(), () -> rebuild(task, params));
            CellResult result = evaluator.evaluate(AvroMapping.slice(task, params, stage), params,
                    task.getDataHash(), task.getCellKey());
            context.forward(record.withKey(analysisId)
                    .withValue(AvroMapping.toAvro(analysisId, task.getCellsTotal(), result)), "window-results");
        } catch (RuntimeException e) {
            Events.rethrowIfTransient(e);
            Instant now = Instant.now();
            context.forward(record.withKey(key).withValue(Events.deadLetter(source, record.key(), record.value(),
                    STAGE, e, analysisId, now)), "dead-letters");
            if (analysisId != null) {
                context.forward(record.withKey(analysisId).withValue(Events.failed(analysisId, STAGE,
                        "cell " + key + ": " + Events.reason(e), now)), "status");
            }
        }
    }

    /** The series stage from the lake's shards of the request's horizon, as ingest listed them. */
    private Analysis.Series rebuild(CellTask task, AnalysisParams params) throws IOException {
        List<ShardRef> shards = lake.shards(task.getProvider(), params.ticker(), params.bar().interval(),
                params.horizon().start(), params.horizon().end());
        Analysis.Series stage = Analysis.series(lake.load(shards), params);
        String dataHash = stage.dataHash(RequestParser.canonicalJson(params));
        if (!dataHash.equals(task.getDataHash())) {
            throw new IllegalStateException("the lake's bars of " + params.ticker() + " changed since the analysis "
                    + "was fanned out (data_hash " + dataHash + ", the task's " + task.getDataHash() + ")");
        }
        return stage;
    }
}
