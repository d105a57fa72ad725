package io.revertiq.edge.api;

import io.revertiq.results.artifacts.ArtifactKeys;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The artifacts {@code GET /v1/analysis/{id}/artifacts/{name}} serves: a fixed set, so a path can only ever name
 * one of these keys ({@link ArtifactKeys}) and never reach another object.
 */
enum ArtifactName {
    RESULT_JSON("result.json", "application/json", ArtifactKeys::resultJson),
    PARAMS_JSON("params.json", "application/json", ArtifactKeys::params),
    WINDOWS_CSV("windows.csv", "text/csv; charset=utf-8", ArtifactKeys::windowsCsv),
    HEATMAP_PNG("heatmap.png", "image/png", ArtifactKeys::heatmapPng),
    HEATMAP_SVG("heatmap.svg", "image/svg+xml", ArtifactKeys::heatmapSvg);

    static final List<String> NAMES = Arrays.stream(values()).map(ArtifactName::fileName).toList();

    private final String fileName;
    private final String contentType;
    private final UnaryOperator<String> key;

    ArtifactName(String fileName, String contentType, UnaryOperator<String> key) {
        this.fileName = fileName;
        this.contentType = contentType;
        this.key = key;
    }

    String fileName() {
        return fileName;
    }

    String contentType() {
        return contentType;
    }

    /** The object key of this artifact of {@code analysisId}. */
    String key(String analysisId) {
        return key.apply(analysisId);
    }

    static Optional<ArtifactName> of(String fileName) {
        return Arrays.stream(values()).filter(a -> a.fileName.equals(fileName)).findFirst();
    }
}
