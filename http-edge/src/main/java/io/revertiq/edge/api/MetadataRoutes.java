package io.revertiq.edge.api;

import io.revertiq.analysis.lake.ParquetLake;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/metadata/calendar} ({@link TradingCalendar}) and {@code GET /v1/metadata/ticker/{ticker}}
 * ({@link TickerCoverage}, read from the lake's coverage manifests on a worker thread). Both need a key with
 * {@code analyses:read} and count against the tenant's rate limit; the lake is shared by all tenants.
 */
public final class MetadataRoutes implements RouteGroup {
    private final Vertx vertx;
    private final ParquetLake lake;

    public MetadataRoutes(Vertx vertx, ParquetLake lake) {
        this.vertx = vertx;
        this.lake = lake;
    }

    @Override
    public void install(Router router, ApiGuards guards) {
        router.get("/v1/metadata/calendar").handler(guards.reader()).handler(this::calendar);
        router.get("/v1/metadata/ticker/:ticker").handler(guards.reader()).handler(this::ticker);
    }

    private void calendar(RoutingContext ctx) {
        json(ctx, TradingCalendar.parse(ctx.request()::getParam).toJson().toBuffer());
    }

    private void ticker(RoutingContext ctx) {
        String ticker = ctx.pathParam("ticker");
        if (!ParquetLake.isValidTicker(ticker)) {
            throw ApiException.invalid("ticker", "ticker '" + ticker + "' is not a valid symbol",
                    "1-10 characters A-Z 0-9 . -, starting with a letter, uppercase");
        }
        vertx.executeBlocking(() -> TickerCoverage.of(ticker, lake.datasets(ticker)), false).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
            } else {
                json(ctx, done.result().toBuffer());
            }
        });
    }

    private static void json(RoutingContext ctx, Buffer body) {
        ctx.response().putHeader("Content-Type", "application/json").end(body);
    }
}
