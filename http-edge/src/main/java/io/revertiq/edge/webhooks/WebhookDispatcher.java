package io.revertiq.edge.webhooks;

import io.revertiq.edge.BuildInfo;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery loop of one edge instance: every poll interval it claims due deliveries from the outbox
 * ({@code FOR UPDATE SKIP LOCKED}, so instances share the work without delivering one twice), POSTs each signed
 * payload, and records the attempt: a 2xx is delivered; anything else (another status, a refused connection, a
 * timeout, a redirect) is retried after {@link DeliveryBackoff}'s wait, and after the last attempt the delivery is
 * dead and goes to the dead-letter topic. When a poll finds a full batch it polls again at once.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    public static final String EVENT_HEADER = "RevertIQ-Event";
    public static final String DELIVERY_HEADER = "RevertIQ-Delivery";
    public static final String ATTEMPT_HEADER = "RevertIQ-Attempt";

    private final Vertx vertx;
    private final WebhookConfig config;
    private final WebhookOutbox outbox;
    private final WebhookSecrets secrets;
    private final DeadLetterPublisher deadLetters;
    private final DeliveryBackoff backoff;
    private final WebClient client;
    /** Where the polls run, one after another. */
    private Context context;
    private volatile boolean running;
    private volatile long timer = -1;
    /** The poll in progress, so {@link #close} can wait for its attempts to be recorded. */
    private volatile Future<?> inFlight = Future.succeededFuture();

    public WebhookDispatcher(Vertx vertx, Webhooks webhooks, DeadLetterPublisher deadLetters) {
        this.vertx = vertx;
        this.config = webhooks.config();
        this.outbox = webhooks.outbox();
        this.secrets = webhooks.secrets();
        this.deadLetters = deadLetters;
        this.backoff = new DeliveryBackoff(config);
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("RevertIQ-Webhooks/" + BuildInfo.VERSION)
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.requestTimeout().toMillis())));
    }

    public WebhookDispatcher start() {
        running = true;
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> poll());
        return this;
    }

    private void poll() {
        if (!running) {
            return;
        }
        Future<Integer> claimed = outbox.claimDue(config.batchSize(), config.lease())
                .compose(deliveries -> Future.join(deliveries.stream().map(this::attempt).toList())
                        .transform(done -> Future.succeededFuture(deliveries.size())));
        Future<Integer> round = claimed.compose(n -> outbox.publishDeadLetters(config.batchSize(), deadLetters::publish)
                .transform(published -> {
                    if (published.failed()) {
                        LOG.warn("cannot publish dead webhook deliveries yet (retried next poll): {}",
                                published.cause().toString());
                    }
                    return Future.succeededFuture(n);
                }));
        inFlight = round;
        round.onComplete(done -> {
            if (done.failed()) {
                LOG.warn("webhook poll failed (retried next poll): {}", done.cause().toString());
            }
            if (running) {
                boolean full = done.succeeded() && done.result() == config.batchSize();
                timer = vertx.setTimer(full ? 1 : config.pollInterval().toMillis(), t -> poll());
            }
        });
    }

    private Future<Boolean> attempt(WebhookOutbox.Delivery delivery) {
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        return secrets.signingSecrets(delivery.tenantId()).compose(keys -> {
            Instant attemptedAt = Instant.now();
            long started = System.nanoTime();
            return client.postAbs(delivery.url())
                    .idleTimeout(config.requestTimeout().toMillis())
                    .putHeader("Content-Type", "application/json")
                    .putHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(attemptedAt.getEpochSecond()))
                    .putHeader(WebhookSignature.SIGNATURE_HEADER,
                            WebhookSignature.header(keys, attemptedAt.getEpochSecond(), body))
                    .putHeader(EVENT_HEADER, delivery.type().id())
                    .putHeader(DELIVERY_HEADER, delivery.id())
                    .putHeader(ATTEMPT_HEADER, Integer.toString(delivery.attempt()))
                    .as(BodyCodec.none())
                    .sendBuffer(Buffer.buffer(body))
                    .<Boolean>transform(response -> {
                        long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
                        WebhookOutbox.Attempt attempt = response.succeeded()
                                ? new WebhookOutbox.Attempt(delivery.attempt(), attemptedAt, ms,
                                        response.result().statusCode(), null)
                                : new WebhookOutbox.Attempt(delivery.attempt(), attemptedAt, ms, null,
                                        describe(response.cause()));
                        return record(delivery, attempt);
                    });
        }).onFailure(e -> LOG.warn("webhook delivery {} of {}: attempt {} not recorded (retried after its lease): {}",
                delivery.id(), delivery.analysisId(), delivery.attempt(), e.toString()));
    }

    private Future<Boolean> record(WebhookOutbox.Delivery delivery, WebhookOutbox.Attempt attempt) {
        Duration wait = attempt.delivered() || attempt.number() >= config.maxAttempts() ? null
                : backoff.after(attempt.number());
        return outbox.record(delivery, attempt, wait).onSuccess(recorded -> {
            if (!recorded) {
                LOG.warn("webhook delivery {} was recorded by another dispatcher first", delivery.id());
            } else if (!attempt.delivered() && wait == null) {
                LOG.warn("webhook delivery {} of {} to {} is dead after {} attempts: {}", delivery.id(),
                        delivery.analysisId(), delivery.url(), attempt.number(), attempt.describe());
            }
        });
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 500 ? message.substring(0, 500) : message;
    }

    /** Stops polling and waits (briefly) for the attempts in progress to be recorded. */
    @Override
    public void close() {
        if (context == null) {
            client.close();
            return;
        }
        running = false;
        Promise<Void> stopped = Promise.promise();
        context.runOnContext(v -> {
            vertx.cancelTimer(timer);
            inFlight.onComplete(done -> stopped.complete());
        });
        try {
            // an attempt ends within its timeouts; recording it takes a moment more
            stopped.future().toCompletionStage().toCompletableFuture()
                    .get(config.requestTimeout().multipliedBy(2).plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("webhook dispatcher stopped with attempts in progress; they are retried after their lease");
        }
        client.close();
    }
}
