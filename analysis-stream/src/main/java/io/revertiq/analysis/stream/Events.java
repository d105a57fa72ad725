package io.revertiq.analysis.stream;

import io.revertiq.avro.AnalysisState;
import io.revertiq.avro.AnalysisStatus;
import io.revertiq.avro.DeadLetter;
import io.revertiq.schemas.registry.RegistryException;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** The status events and dead letters every stage emits, built one way. */
public final class Events {
    private Events() {
    }

    public static AnalysisStatus status(String analysisId, AnalysisState state, String stage, double progressPct,
                                        int cellsDone, int cellsTotal, String reason, Instant at) {
        return AnalysisStatus.newBuilder().setAnalysisId(analysisId).setStatus(state).setStage(stage)
                .setProgressPct(progressPct).setCellsDone(cellsDone).setCellsTotal(cellsTotal).setReason(reason)
                .setUpdatedAt(at).build();
    }

    public static AnalysisStatus failed(String analysisId, String stage, String reason, Instant at) {
        return status(analysisId, AnalysisState.failed, stage, 0, 0, 0, reason, at);
    }

    /** The record as it arrived, byte for byte, with why {@code stage} could not process it. */
    public static DeadLetter deadLetter(RecordMetadata source, byte[] key, byte[] value, String stage, Throwable error,
                                        String analysisId, Instant at) {
        return DeadLetter.newBuilder().setSourceTopic(source.topic()).setPartition(source.partition())
                .setOffset(source.offset()).setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value)).setStage(stage)
                .setErrorClass(error.getClass().getName()).setReason(reason(error)).setAnalysisId(analysisId)
                .setFailedAt(at).build();
    }

    /**
     * A registry that cannot be reached or fails (status 0 or 5xx) says nothing about the record: rethrow, so the
     * stream stops and resumes from the same offset later instead of dead-lettering good data.
     */
    public static void rethrowIfTransient(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RegistryException registry && (registry.httpStatus() == 0 || registry.httpStatus() >= 500)) {
                throw e;
            }
        }
    }

    /** A reason a user can act on: the message of the deepest cause that has one (the class is in error_class). */
    public static String reason(Throwable error) {
        String reason = error.getClass().getSimpleName();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                reason = t.getMessage();
            }
        }
        return reason;
    }
}
