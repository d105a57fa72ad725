package io.revertiq.edge.metrics;

import io.vertx.ext.web.RoutingContext;

/**
 * Why the edge refused a request before doing its work: a key problem (counted as
 * {@value #AUTH_FAILURES}) or a plan limit (counted as {@value #QUOTA_REJECTIONS}), each by {@link #reason()}.
 * The refusing handler marks the request with {@link #mark}; {@link HttpMetrics} counts it when the response ends,
 * so guards stay free of metrics code and a request is counted once however it ends.
 */
public enum Rejection {
    MISSING_KEY(Kind.AUTH, "missing_key"),
    INVALID_KEY(Kind.AUTH, "invalid_key"),
    MISSING_SCOPE(Kind.AUTH, "missing_scope"),
    RATE_LIMIT(Kind.QUOTA, "rate_limit"),
    DAILY_QUOTA(Kind.QUOTA, "daily_quota"),
    CONCURRENCY(Kind.QUOTA, "concurrency"),
    HORIZON(Kind.QUOTA, "horizon");

    public static final String AUTH_FAILURES = "revertiq.auth.failures";
    public static final String QUOTA_REJECTIONS = "revertiq.quota.rejections";
    private static final String CONTEXT_KEY = "revertiq.rejection";

    enum Kind { AUTH, QUOTA }

    private final Kind kind;
    private final String reason;

    Rejection(Kind kind, String reason) {
        this.kind = kind;
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /** The counter this rejection increments. */
    public String meterName() {
        return kind == Kind.AUTH ? AUTH_FAILURES : QUOTA_REJECTIONS;
    }

    public static void mark(RoutingContext ctx, Rejection rejection) {
        ctx.put(CONTEXT_KEY, rejection);
    }

    static Rejection of(RoutingContext ctx) {
        return ctx.get(CONTEXT_KEY);
    }
}
