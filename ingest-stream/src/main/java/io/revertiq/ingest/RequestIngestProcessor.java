package io.revertiq.ingest;

import io.revertiq.analysis.stream.Events;
import io.revertiq.avro.AnalysisRequest;
import io.revertiq.avro.AnalysisState;
import io.revertiq.avro.DataReady;
import io.revertiq.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Analysis requests (raw bytes, decoded here so an undecodable record can be dead-lettered with its offset) to
 * an "ingesting" status, then either DataReady or a "failed" status plus a dead letter.
 */
final class RequestIngestProcessor implements Processor<byte[], byte[], String, Object> {
    static final String STAGE = "ingest";
    static final String STATUS = "status-sink";
    static final String DATA_READY = "data-ready-sink";
    static final String DEAD_LETTERS = "request-dead-letter-sink";

    private final Deserializer<AnalysisRequest> requests;
    private final Ingestion ingestion;
    private ProcessorContext<String, Object> context;

    RequestIngestProcessor(Deserializer<AnalysisRequest> requests, Ingestion ingestion) {
        this.requests = requests;
        this.ingestion = ingestion;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        AnalysisRequest request;
        try {
            request = requests.deserialize(Topics.ANALYSIS_REQUESTS.name(), record.value());
            if (request == null) {
                throw new IllegalArgumentException("analysis request without a value");
            }
        } catch (RuntimeException e) {
            Events.rethrowIfTransient(e);
            // the key is the analysis_id by contract, so the client still learns its request failed
            fail(record, key, e);
            return;
        }
        String analysisId = request.getAnalysisId();
        context.forward(record.withKey(analysisId).withValue(Events.status(analysisId, AnalysisState.ingesting, STAGE, 0, 0, 0, null, Instant.now())), STATUS);
        try {
            DataReady ready = ingestion.ingest(request);
            context.forward(record.withKey(analysisId).withValue(ready), DATA_READY);
        } catch (Exception e) {
            // one request that cannot be ingested must not stop the others; its dead letter allows a replay
            fail(record, analysisId, e);
        }
    }

    private void fail(Record<byte[], byte[]> record, String analysisId, Exception error) {
        Instant now = Instant.now();
        if (analysisId != null) {
            context.forward(record.withKey(analysisId)
                    .withValue(Events.failed(analysisId, STAGE, Events.reason(error), now)), STATUS);
        }
        String sourceKey = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        context.forward(record.withKey(sourceKey).withValue(Events.deadLetter(context.recordMetadata().orElseThrow(),
                record.key(), record.value(), STAGE, error, analysisId, now)), DEAD_LETTERS);
    }

}
