package io.revertiq.results;

import io.revertiq.analysis.stream.Events;
import io.revertiq.avro.AnalysisResult;
import io.revertiq.results.artifacts.ArtifactWriter;
import io.revertiq.results.artifacts.LocalObjectStore;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the artifacts of analyses answered from the result cache: the analysis fan-out publishes only their result
 * (no cell ever runs), so without this step they would have no manifest, no artifacts, and, once the edge's view let
 * them go, no archived result. They carry {@link Topics#CACHED_FROM_HEADER}, so the computed results (hundreds of KB
 * each) pass without being decoded. Copying is idempotent, so a replayed result rewrites the same objects. A result
 * that cannot be decoded, or whose copy fails, is dead-lettered; its analysis stays complete.
 */
final class CachedArtifacts implements Processor<byte[], byte[], String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(CachedArtifacts.class);
    static final String STAGE = "cached-artifacts";

    private final Deserializer<AnalysisResult> results;
    private final ArtifactWriter artifacts;
    private ProcessorContext<String, Object> context;

    CachedArtifacts(ResultsConfig config, SchemaRegistryClient registry) {
        this.results = Topics.ANALYSIS_RESULTS.valueSerde(registry).deserializer();
        try {
            this.artifacts = new ArtifactWriter(new LocalObjectStore(config.objectStoreRoot()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the object store at " + config.objectStoreRoot(), e);
        }
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null || record.headers().lastHeader(Topics.CACHED_FROM_HEADER) == null) {
            return; // a computed result (its artifacts are written by collect), or a tombstone
        }
        RecordMetadata source = context.recordMetadata().orElseThrow();
        String analysisId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        try {
            AnalysisResult result = results.deserialize(source.topic(), record.value());
            if (result.getCachedFrom() == null) {
                return;
            }
            String original = result.getCachedFrom().toString();
            if (artifacts.copyCached(original, result.getAnalysisId().toString(), result.getResultJson().toString())
                    .isEmpty()) {
                LOG.warn("analysis {} was answered from {}, which has no manifest: it gets no artifacts",
                        result.getAnalysisId(), original);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof RuntimeException runtime) {
                Events.rethrowIfTransient(runtime);
            }
            context.forward(record.withKey(analysisId == null ? "" : analysisId).withValue(Events.deadLetter(source,
                    record.key(), record.value(), STAGE, e, analysisId, Instant.now())), "dead-letters");
        }
    }
}
