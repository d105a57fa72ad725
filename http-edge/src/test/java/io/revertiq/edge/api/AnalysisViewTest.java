package io.revertiq.edge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.revertiq.analysis.io.RequestParser;
import io.revertiq.analysis.stream.Events;
import io.revertiq.analysis.stream.StreamsSettings;
import io.revertiq.avro.AnalysisState;
import io.revertiq.avro.AnalysisStatus;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The edge's view on the real broker: it serves what the status topic says, and forgets it after its retention. */
@ExtendWith(KafkaPlatformExtension.class)
class AnalysisViewTest {
    private static final Duration RETENTION = Duration.ofSeconds(3);

    @TempDir
    Path state;

    @Test
    void servesStatusesAndExpiresThemAfterTheRetention(TestPlatform platform) throws Exception {
        AnalysisParams params = RequestParser.parse(new ObjectMapper().readTree(
                "{\"ticker\":\"VIEW\",\"horizon\":{\"start\":\"2024-01-02\",\"end\":\"2024-03-28\"}}"));
        String id = AnalysisSubmitter.newAnalysisId();
        try (AnalysisView view = new AnalysisView(new StreamsSettings("revertiq-edge-view-test",
                platform.bootstrapServers(), platform.registryUrl(), state, 1), platform.registry(), null, RETENTION);
             AnalysisSubmitter submitter = new AnalysisSubmitter(platform.bootstrapServers(), platform.registry(),
                     Duration.ofSeconds(10))) {
            view.start().awaitRunning(Duration.ofSeconds(60));
            submitter.submit(id, params);
            long submitted = System.nanoTime();
            view.awaitKnown(id, Duration.ofSeconds(30)).get(31, TimeUnit.SECONDS);

            JsonObject status = view.status(id).orElseThrow();
            assertEquals(id, status.getString("analysis_id"));
            assertEquals("queued", status.getString("status"));

            Optional<JsonObject> current = view.status(id);
            while (current.isPresent() && System.nanoTime() - submitted < TimeUnit.SECONDS.toNanos(60)) {
                TimeUnit.MILLISECONDS.sleep(50);
                current = view.status(id);
            }
            long forgottenAfter = System.nanoTime() - submitted;
            assertTrue(current.isEmpty(), "the status is still in the view a minute after a 3 s retention");
            assertTrue(forgottenAfter >= RETENTION.toNanos(),
                    "forgotten after " + forgottenAfter / 1_000_000 + " ms, before the retention of " + RETENTION);
        }
    }

    @Test
    void jobRowsGetEveryChangeOfStateAndCellProgressAtTheFirstThreeQuarters() {
        List<Integer> recorded = new ArrayList<>();
        for (int done = 0; done <= 60; done += 3) { // the results service's 5 % steps of 60 cells
            if (AnalysisView.recordedOnJobRow(status(AnalysisState.running, done, 60))) {
                recorded.add(done);
            }
        }
        assertEquals(List.of(15, 30, 45), recorded);
        List<Integer> seven = new ArrayList<>();
        for (int done = 1; done <= 7; done++) {
            if (AnalysisView.recordedOnJobRow(status(AnalysisState.running, done, 7))) {
                seven.add(done);
            }
        }
        assertEquals(List.of(2, 4, 6), seven, "the first cell at or past each of the first three quarters");
        assertFalse(AnalysisView.recordedOnJobRow(status(AnalysisState.running, 0, 0)), "zseries: as ingesting left it");
        assertTrue(AnalysisView.recordedOnJobRow(status(AnalysisState.ingesting, 0, 0)));
        assertTrue(AnalysisView.recordedOnJobRow(status(AnalysisState.queued, 0, 0)));
        assertTrue(AnalysisView.recordedOnJobRow(status(AnalysisState.complete, 60, 60)));
        assertTrue(AnalysisView.recordedOnJobRow(status(AnalysisState.failed, 0, 0)));
    }

    private static AnalysisStatus status(AnalysisState state, int done, int total) {
        return Events.status("an_x", state, "cells", total == 0 ? 0 : 100.0 * done / total, done, total, null,
                Instant.EPOCH);
    }

    @Test
    void refusesANonPositiveRetention(TestPlatform platform) {
        StreamsSettings settings = new StreamsSettings("revertiq-edge-view-bad", platform.bootstrapServers(),
                platform.registryUrl(), state, 1);
        assertThrows(IllegalArgumentException.class,
                () -> new AnalysisView(settings, platform.registry(), null, Duration.ZERO));
    }
}
