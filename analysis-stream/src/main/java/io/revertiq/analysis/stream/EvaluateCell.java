package io.revertiq.analysis.stream;

import io.revertiq.avro.CellTask;
import io.revertiq.engine.cell.CellEvaluator;
import io.revertiq.engine.cell.CellResult;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** One cell task -> one window result, from the task's slice alone. */
final class EvaluateCell implements Processor<byte[], byte[], String, Object> {
    static final String STAGE = "evaluate";

    private final Deserializer<CellTask> tasks;
    private final CellEvaluator evaluator = new CellEvaluator();
    private ProcessorContext<String, Object> context;

    EvaluateCell(SchemaRegistryClient registry) {
        this.tasks = Topics.CELL_TASKS.valueSerde(registry).deserializer();
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
            CellResult result = evaluator.evaluate(AvroMapping.toSlice(task), AvroMapping.evaluationParams(task),
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
}
