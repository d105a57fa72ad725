package io.revertiq.deploy;

import io.revertiq.edge.tenancy.CreatedKey;
import io.revertiq.edge.tenancy.Limits;
import io.revertiq.edge.tenancy.Plan;
import io.revertiq.edge.tenancy.Scope;
import io.revertiq.edge.tenancy.TenancyException;
import io.revertiq.edge.tenancy.TenancyService;
import io.revertiq.edge.tenancy.Tenant;
import io.revertiq.edge.webhooks.WebhookConfig;
import io.revertiq.edge.webhooks.WebhookSecrets;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code revertiq admin}: tenants, API keys and webhook signing secrets in the edge's PostgreSQL (also while
 * {@code serve} runs).
 */
@Command(name = "admin", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        description = "Manage tenants, API keys and webhook signing secrets.",
        subcommands = {AdminCommand.TenantCommands.class, AdminCommand.KeyCommands.class,
                AdminCommand.WebhookSecret.class})
public final class AdminCommand extends CommandGroup {

    @Command(name = "tenant", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
            description = "Manage tenants.", subcommands = TenantCreate.class)
    static final class TenantCommands extends CommandGroup {
    }

    @Command(name = "key", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
            description = "Manage API keys.", subcommands = {KeyCreate.class, KeyRevoke.class})
    static final class KeyCommands extends CommandGroup {
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a tenant with its plan's limits (enterprise: give all four limits to set your own).")
    static final class TenantCreate implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "Unique tenant name: letters, digits, '.', '_', '-'.")
        String name;
        @Option(names = "--plan", required = true, description = "starter | pro | enterprise.")
        Plan plan;
        @Option(names = "--analyses-per-day", description = "Enterprise only.")
        Integer analysesPerDay;
        @Option(names = "--max-concurrent", description = "Enterprise only.")
        Integer maxConcurrent;
        @Option(names = "--max-horizon-years", description = "Enterprise only.")
        Integer maxHorizonYears;
        @Option(names = "--requests-per-minute", description = "Enterprise only.")
        Integer requestsPerMinute;
        @Mixin
        EdgeDatabase.AdminOptions database;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Limits custom = customLimits();
            try (EdgeDatabase db = EdgeDatabase.admin(database, spec)) {
                Tenant tenant = EdgeDatabase.await(new TenancyService(db.pool).createTenant(name, plan, custom));
                Limits limits = tenant.limits();
                spec.commandLine().getOut().printf("tenant %s (id %s), plan %s: %d analyses/day, %d concurrent, "
                                + "%d-year horizon, %d requests/minute%n", tenant.name(), tenant.id(), tenant.plan().id(),
                        limits.analysesPerDay(), limits.maxConcurrent(), limits.maxHorizonYears(), limits.requestsPerMinute());
            }
            return 0;
        }

        private Limits customLimits() {
            long count = Stream.of(analysesPerDay, maxConcurrent, maxHorizonYears, requestsPerMinute)
                    .filter(Objects::nonNull).count();
            if (count == 0) {
                return null;
            }
            if (count < 4) {
                throw new ParameterException(spec.commandLine(), "custom limits need all four of --analyses-per-day, "
                        + "--max-concurrent, --max-horizon-years and --requests-per-minute");
            }
            try {
                return new Limits(analysesPerDay, maxConcurrent, maxHorizonYears, requestsPerMinute);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Issue an API key for a tenant; the key is printed once, alone on the last line.")
    static final class KeyCreate implements Callable<Integer> {
        @Parameters(paramLabel = "TENANT", description = "Tenant name or id.")
        String tenant;
        @Option(names = "--scope", paramLabel = "SCOPE",
                description = "analyses:read | analyses:write (repeatable; default: both).")
        List<String> scopes = new ArrayList<>();
        @Mixin
        EdgeDatabase.AdminOptions database;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Set<Scope> granted = EnumSet.noneOf(Scope.class);
            try {
                scopes.forEach(s -> granted.add(Scope.fromId(s)));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            if (granted.isEmpty()) {
                granted.addAll(EnumSet.allOf(Scope.class));
            }
            try (EdgeDatabase db = EdgeDatabase.admin(database, spec)) {
                TenancyService tenancy = new TenancyService(db.pool);
                Tenant owner = EdgeDatabase.await(tenancy.findTenant(tenant))
                        .orElseThrow(() -> new TenancyException("NOT_FOUND", "no tenant '" + tenant + "'"));
                CreatedKey key = EdgeDatabase.await(tenancy.createKey(owner.id(), granted));
                PrintWriter out = spec.commandLine().getOut();
                out.printf("key id %s for tenant %s, scopes %s%n", key.id(), owner.name(),
                        key.scopes().stream().map(Scope::id).sorted().toList());
                out.println("store the key now: it is shown only this once (revoke with: revertiq admin key revoke "
                        + key.id() + ")");
                out.println(key.key());
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an API key; requests with it fail at once.")
    static final class KeyRevoke implements Callable<Integer> {
        @Parameters(paramLabel = "KEY_ID", description = "The key's id (printed by key create).")
        UUID keyId;
        @Mixin
        EdgeDatabase.AdminOptions database;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (EdgeDatabase db = EdgeDatabase.admin(database, spec)) {
                if (!EdgeDatabase.await(new TenancyService(db.pool).revokeKey(keyId))) {
                    throw new TenancyException("NOT_FOUND", "no active key " + keyId);
                }
                spec.commandLine().getOut().println("key " + keyId + " revoked");
            }
            return 0;
        }
    }

    @Command(name = "webhook-secret", mixinStandardHelpOptions = true,
            description = "Show a tenant's webhook signing secret (created on first use), or --rotate it; the secret "
                    + "is printed alone on the last line.")
    static final class WebhookSecret implements Callable<Integer> {
        @Parameters(paramLabel = "TENANT", description = "Tenant name or id.")
        String tenant;
        @Option(names = "--rotate", description = "Replace the secret; the previous one keeps signing for 24 hours.")
        boolean rotate;
        @Mixin
        EdgeDatabase.AdminOptions database;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (EdgeDatabase db = EdgeDatabase.admin(database, spec)) {
                Tenant owner = EdgeDatabase.await(new TenancyService(db.pool).findTenant(tenant))
                        .orElseThrow(() -> new TenancyException("NOT_FOUND", "no tenant '" + tenant + "'"));
                WebhookSecrets secrets = new WebhookSecrets(db.pool, WebhookConfig.defaults().rotationGrace());
                WebhookSecrets.SigningSecret secret = EdgeDatabase.await(rotate ? secrets.rotate(owner.id())
                        : secrets.current(owner.id()));
                PrintWriter out = spec.commandLine().getOut();
                out.printf("webhook signing secret of tenant %s, %s %s%n", owner.name(), rotate ? "rotated at" : "since",
                        secret.createdAt());
                if (secret.previousSecret() != null) {
                    out.printf("the previous secret also signs deliveries until %s%n", secret.previousExpiresAt());
                }
                out.println(secret.secret());
            }
            return 0;
        }
    }
}
