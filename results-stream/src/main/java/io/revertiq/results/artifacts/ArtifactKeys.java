package io.revertiq.results.artifacts;

/**
 * The conventional object keys of one analysis, in one place for the writer and for readers (the edge's
 * fallback when a result has left the result store). Documents live under results/, rendered files under
 * artifacts/.
 */
public final class ArtifactKeys {
    private ArtifactKeys() {
    }

    public static String resultJson(String analysisId) {
        return results(analysisId) + "result.json";
    }

    public static String windowsCsv(String analysisId) {
        return results(analysisId) + "windows.csv";
    }

    public static String params(String analysisId) {
        return results(analysisId) + "params.json";
    }

    public static String manifest(String analysisId) {
        return results(analysisId) + "manifest.json";
    }

    public static String heatmapPng(String analysisId) {
        return artifacts(analysisId) + "heatmap.png";
    }

    public static String heatmapSvg(String analysisId) {
        return artifacts(analysisId) + "heatmap.svg";
    }

    private static String results(String analysisId) {
        return "results/" + ObjectKeys.requireSegment(analysisId) + "/";
    }

    private static String artifacts(String analysisId) {
        return "artifacts/" + ObjectKeys.requireSegment(analysisId) + "/";
    }
}
