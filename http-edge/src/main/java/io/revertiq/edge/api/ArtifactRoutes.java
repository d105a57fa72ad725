package io.revertiq.edge.api;

import io.revertiq.edge.tenancy.Job;
import io.revertiq.results.artifacts.StoredArtifact;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/**
 * {@code GET /v1/analysis/{id}/manifest} (the audit record) and {@code GET /v1/analysis/{id}/artifacts/{name}}
 * ({@link ArtifactName}), tenant-scoped like the other analysis GETs. Each answer carries a strong ETag (the
 * sha256 the manifest records; the manifest's own sha256 for the manifest) and {@code Cache-Control: private,
 * no-cache}, so clients revalidate with {@code If-None-Match} and get 304 without a byte of the body. Objects are
 * read and verified on a worker thread (they are bounded by the analysis: a few hundred windows), never on the
 * event loop. Until the analysis is complete, when it failed, or while it has no manifest (an answer from the
 * result cache until the results service copied the original's), both are 404 NOT_FOUND with a hint.
 */
public final class ArtifactRoutes implements RouteGroup {
    private static final String JSON_TYPE = "application/json";

    private final Vertx vertx;
    private final AnalysisObjects objects;

    public ArtifactRoutes(Vertx vertx, AnalysisObjects objects) {
        this.vertx = vertx;
        this.objects = objects;
    }

    @Override
    public void install(Router router, ApiGuards guards) {
        router.get("/v1/analysis/:id/manifest").handler(guards.reader()).handler(guards.owner())
                .handler(this::manifest);
        router.get("/v1/analysis/:id/artifacts/:name").handler(guards.reader()).handler(guards.owner())
                .handler(this::artifact);
    }

    private void manifest(RoutingContext ctx) {
        String id = requireComplete(ctx);
        String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
        answer(ctx, JSON_TYPE, null, () -> {
            AnalysisObjects.Stored manifest = objects.manifest(id).orElseThrow(() -> noArtifacts(id));
            return new Reply(notModified(ifNoneMatch, manifest.sha256()) ? null : manifest.bytes(), manifest.sha256());
        });
    }

    private void artifact(RoutingContext ctx) {
        String requested = ctx.pathParam("name");
        ArtifactName name = ArtifactName.of(requested).orElseThrow(() -> ApiException.notFound(
                "no artifact named '" + requested + "'", "one of " + String.join(", ", ArtifactName.NAMES)));
        String id = requireComplete(ctx);
        String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
        answer(ctx, name.contentType(), id + "-" + name.fileName(), () -> {
            AnalysisObjects.Stored manifest = objects.manifest(id).orElseThrow(() -> noArtifacts(id));
            StoredArtifact entry = objects.entry(manifest, id, name).orElseThrow(() -> ApiException.notFound(
                    "analysis " + id + " has no " + name.fileName(), "its manifest lists the artifacts it has"));
            return new Reply(notModified(ifNoneMatch, entry.sha256()) ? null : objects.read(entry), entry.sha256());
        });
    }

    /** The path's analysis id once its job row says complete; otherwise why it has no artifacts (yet). */
    private static String requireComplete(RoutingContext ctx) {
        Job job = V1Api.job(ctx);
        String id = job.analysisId();
        return switch (job.status()) {
            case COMPLETE -> id;
            case FAILED -> throw ApiException.notFound("analysis " + id + " failed; it has no artifacts",
                    "GET /v1/analysis/" + id + " names the reason");
            case WAITING, QUEUED, RUNNING -> throw ApiException.notFound("analysis " + id + " is not complete yet (status "
                    + job.status().id() + ")", "wait until GET /v1/analysis/" + id + " is complete");
        };
    }

    private static ApiException noArtifacts(String id) {
        return ApiException.notFound("analysis " + id + " has no stored artifacts",
                "an analysis answered from the result cache gets copies of the original's a moment after it "
                        + "completes; retry shortly");
    }

    /** The body to send, or null for 304 Not Modified; the sha256 is the ETag either way. */
    private record Reply(byte[] body, String sha256) {
    }

    private void answer(RoutingContext ctx, String contentType, String fileName, Callable<Reply> read) {
        vertx.executeBlocking(read, false).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            Reply reply = done.result();
            HttpServerResponse response = ctx.response().putHeader(HttpHeaders.ETAG, "\"" + reply.sha256() + "\"")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache");
            if (reply.body() == null) {
                response.setStatusCode(304).end();
                return;
            }
            response.putHeader(HttpHeaders.CONTENT_TYPE, contentType).putHeader("X-Content-Type-Options", "nosniff");
            if (fileName != null) {
                response.putHeader(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + fileName + "\"");
            }
            if (contentType.startsWith("image/svg")) {
                // an SVG opened from the API's origin must not run script or load anything
                response.putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
            }
            response.setStatusCode(200).end(Buffer.buffer(reply.body()));
        });
    }

    /** RFC 9110 If-None-Match: a weak comparison against any listed tag, or {@code *}. */
    static boolean notModified(String ifNoneMatch, String sha256) {
        if (ifNoneMatch == null) {
            return false;
        }
        String etag = "\"" + sha256 + "\"";
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
