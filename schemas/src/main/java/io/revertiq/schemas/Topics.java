package io.revertiq.schemas;

import io.revertiq.avro.AnalysisRequest;
import io.revertiq.avro.AnalysisResult;
import io.revertiq.avro.AnalysisStatus;
import io.revertiq.avro.Bar;
import io.revertiq.avro.CellTask;
import io.revertiq.avro.DataReady;
import io.revertiq.avro.DeadLetter;
import io.revertiq.avro.SeriesDiagnostics;
import io.revertiq.avro.WebhookDeadLetter;
import io.revertiq.avro.WindowResult;
import io.revertiq.avro.ZScoreAlert;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.TopicConfig;

/** The typed catalog of every topic RevertIQ reads or writes. No topic name is spelled anywhere else. */
public final class Topics {
    private static final String DELETE = TopicConfig.CLEANUP_POLICY_DELETE;
    private static final String COMPACT = TopicConfig.CLEANUP_POLICY_COMPACT;
    private static final short RF = 3;
    /** Cell slices, OOS trade columns and full results of long horizons outgrow the 1 MB default. */
    public static final int LARGE_RECORD_BYTES = 16 * 1024 * 1024;

    /** Validated analyze requests from the edge. Key: analysis_id. */
    public static final TopicSpec<String, AnalysisRequest> ANALYSIS_REQUESTS = new TopicSpec<>(
            "analysis.requests", String.class, AnalysisRequest.class, 6, RF, DELETE, Duration.ofDays(7));

    /** Ingest finished: request + lake shard manifest + data_hash. Key: analysis_id. */
    public static final TopicSpec<String, DataReady> DATA_READY = new TopicSpec<>(
            "analysis.data-ready", String.class, DataReady.class, 6, RF, DELETE, Duration.ofDays(7));

    /** One task per day-of-week x bin. Key: analysis_id|cell_key, so cells spread over instances. */
    public static final TopicSpec<String, CellTask> CELL_TASKS = new TopicSpec<>(
            "analysis.cell-tasks", String.class, CellTask.class, 12, RF, DELETE, Duration.ofDays(1),
            LARGE_RECORD_BYTES);

    /** Out-of-sample evaluation of each cell. Key: analysis_id, so one analysis assembles in one place. */
    public static final TopicSpec<String, WindowResult> WINDOW_RESULTS = new TopicSpec<>(
            "analysis.window-results", String.class, WindowResult.class, 6, RF, DELETE, Duration.ofDays(7),
            LARGE_RECORD_BYTES);

    /** Whole-series diagnostics, one record per analysis. Key: analysis_id (co-partitioned with window results). */
    public static final TopicSpec<String, SeriesDiagnostics> SERIES_DIAGNOSTICS = new TopicSpec<>(
            "analysis.series-diagnostics", String.class, SeriesDiagnostics.class, 6, RF, DELETE, Duration.ofDays(7));

    /** Progress events; compacted so the latest state of every analysis survives. Key: analysis_id. */
    public static final TopicSpec<String, AnalysisStatus> ANALYSIS_STATUS = new TopicSpec<>(
            "analysis.status", String.class, AnalysisStatus.class, 6, RF, COMPACT, TopicSpec.FOREVER);

    /** Final results; compacted, the table of record. Key: analysis_id. */
    public static final TopicSpec<String, AnalysisResult> ANALYSIS_RESULTS = new TopicSpec<>(
            "analysis.results", String.class, AnalysisResult.class, 6, RF, COMPACT, TopicSpec.FOREVER,
            LARGE_RECORD_BYTES);
    /**
     * Header of an {@link #ANALYSIS_RESULTS} record answered from the result cache (value: the original's
     * analysis_id, as {@code cached_from}), so readers that act only on those need not decode every result.
     */
    public static final String CACHED_FROM_HEADER = "revertiq-cached-from";

    /** The same results keyed by data_hash (bars + resolved parameters): the result cache's table. */
    public static final TopicSpec<String, AnalysisResult> RESULTS_BY_FINGERPRINT = new TopicSpec<>(
            "analysis.results-by-fingerprint", String.class, AnalysisResult.class, 6, RF, COMPACT, TopicSpec.FOREVER,
            LARGE_RECORD_BYTES);

    /** Historical / backfill bars rolled into the lake. Key: ticker#interval. */
    public static final TopicSpec<String, Bar> MARKET_BARS = new TopicSpec<>(
            "market.bars", String.class, Bar.class, 6, RF, DELETE, Duration.ofDays(30));

    /** Live bars watched by the live scout. Key: ticker#interval. */
    public static final TopicSpec<String, Bar> LIVE_BARS = new TopicSpec<>(
            "market.bars.live", String.class, Bar.class, 6, RF, DELETE, Duration.ofDays(1));

    /** z-score crossings inside validated windows. Key: ticker. */
    public static final TopicSpec<String, ZScoreAlert> ZSCORE_ALERTS = new TopicSpec<>(
            "alerts.zscore", String.class, ZScoreAlert.class, 6, RF, DELETE, Duration.ofDays(7));

    /** Records no stage could process, with the reason. Key: the source record's key. */
    public static final TopicSpec<String, DeadLetter> DEAD_LETTERS = new TopicSpec<>(
            "revertiq.dead-letters", String.class, DeadLetter.class, 3, RF, DELETE, Duration.ofDays(30));

    /** Webhook deliveries given up after their last attempt, with the event and the reason. Key: analysis_id. */
    public static final TopicSpec<String, WebhookDeadLetter> WEBHOOK_DEAD_LETTERS = new TopicSpec<>(
            "revertiq.webhook-dead-letters", String.class, WebhookDeadLetter.class, 3, RF, DELETE, Duration.ofDays(30));

    /** The schema registry's log (Confluent's JSON key/value layout); one partition keeps it totally ordered. */
    public static final TopicSpec<String, String> SCHEMAS = new TopicSpec<>(
            "_schemas", String.class, String.class, 1, RF, COMPACT, TopicSpec.FOREVER);

    public static final List<TopicSpec<?, ?>> ALL = List.of(
            ANALYSIS_REQUESTS, DATA_READY, CELL_TASKS, WINDOW_RESULTS, SERIES_DIAGNOSTICS, ANALYSIS_STATUS,
            ANALYSIS_RESULTS, RESULTS_BY_FINGERPRINT, MARKET_BARS, LIVE_BARS, ZSCORE_ALERTS, DEAD_LETTERS,
            WEBHOOK_DEAD_LETTERS, SCHEMAS);

    private Topics() {
    }
}
