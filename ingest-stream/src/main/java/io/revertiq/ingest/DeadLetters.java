package io.revertiq.ingest;

import io.revertiq.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the dead letter of a record a stage refused: its bytes as received, where it came from, and why. */
final class DeadLetters {
    static final String STAGE = "ingest";

    private DeadLetters() {
    }

    static DeadLetter of(RecordMetadata source, byte[] key, byte[] value, Exception error, String analysisId,
                         Instant now) {
        return DeadLetter.newBuilder()
                .setSourceTopic(source.topic())
                .setPartition(source.partition())
                .setOffset(source.offset())
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setStage(STAGE)
                .setErrorClass(error.getClass().getName())
                .setReason(String.valueOf(error.getMessage()))
                .setAnalysisId(analysisId)
                .setFailedAt(now)
                .build();
    }
}
