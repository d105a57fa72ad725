package io.revertiq.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where the HTTP commands connect and with which key; the request the run options build. */
class ServerOptionsTest {
    private static final Map<String, String> NO_ENVIRONMENT = Map.of();

    private static ServerOptions options(Path home, String... args) {
        ServerOptions options = new ServerOptions();
        new CommandLine(new Object() {
            @CommandLine.Mixin
            ServerOptions mixin = options;
        }).parseArgs(args);
        options.home = home;
        return options;
    }

    @Test
    void optionsBeatTheEnvironmentWhichBeatsTheDefaults(@TempDir Path home) {
        Map<String, String> environment = Map.of(ServerOptions.SERVER_ENV, "http://edge.example:9000/",
                ServerOptions.KEY_ENV, "rq_fromTheEnvironment");
        assertEquals(new ServerOptions.Target(URI.create("http://other:1"), "rq_fromTheOption"),
                options(home, "--server", "http://other:1", "--key", "rq_fromTheOption").resolve(environment));
        assertEquals(new ServerOptions.Target(URI.create("http://edge.example:9000"), "rq_fromTheEnvironment"),
                options(home).resolve(environment));
        assertEquals(URI.create(ServerOptions.DEFAULT_SERVER),
                options(home, "--key", "rq_k").resolve(NO_ENVIRONMENT).server());
    }

    @Test
    void theDevelopmentKeyIsSavedOwnerOnlyAndSentOnlyToALoopbackServer(@TempDir Path home) throws Exception {
        Path file = DevelopmentKey.save(home, "rq_development");
        assertEquals(home.resolve("dev.key"), file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        DevelopmentKey.save(home, "rq_replaced");
        assertEquals("rq_replaced", options(home).resolve(NO_ENVIRONMENT).key());
        assertEquals("rq_replaced", options(home, "--server", "http://127.0.0.1:8080").resolve(NO_ENVIRONMENT).key());

        CliFailure remote = assertThrows(CliFailure.class,
                () -> options(home, "--server", "http://10.1.2.3:8080").resolve(NO_ENVIRONMENT));
        assertEquals(CliFailure.SERVER, remote.exitCode());
        assertEquals("UNAUTHENTICATED", remote.code());
        CliFailure none = assertThrows(CliFailure.class, () -> options(home.resolve("empty")).resolve(NO_ENVIRONMENT));
        assertEquals("UNAUTHENTICATED", none.code());
    }

    @Test
    void aServerThatIsNotAnHttpUrlIsAnInvalidArgument(@TempDir Path home) {
        for (String bad : new String[] {"localhost:8080", "ftp://host", "http://host:8080/v1", "http://", "not a url"}) {
            CliFailure failure = assertThrows(CliFailure.class,
                    () -> options(home, "--server", bad, "--key", "rq_k").resolve(NO_ENVIRONMENT), bad);
            assertEquals(CliFailure.INVALID_INPUT, failure.exitCode(), bad);
            assertEquals("--server", failure.field(), bad);
        }
    }

    @Test
    void runOptionsOverrideTheBaseRequestFieldByField(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("base.json");
        Files.writeString(base, "{\"ticker\":\"OLD\",\"async\":false,\"signal\":{\"detrend\":{\"method\":\"ema\"}},"
                + "\"params\":{\"side\":\"both\",\"entry_grid\":[-3]},\"output\":{\"explain\":true}}");
        RequestOptions options = new RequestOptions();
        new CommandLine(new Object() {
            @CommandLine.Mixin
            RequestOptions mixin = options;
        }).parseArgs("--request", base.toString(), "--entry=-2,-1.5", "--detrend-lookback", "30", "--days", "MON,FRI",
                "--fee-bp", "0.25", "--bootstrap", "500", "--extended-hours");
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree("{\"ticker\":\"SPY\",\"signal\":{\"detrend\":{\"method\":\"ema\",\"lookback\":30}},"
                        + "\"params\":{\"side\":\"both\",\"entry_grid\":[-2.0,-1.5]},\"output\":{\"explain\":true},"
                        + "\"horizon\":{\"start\":\"2024-01-02\",\"end\":\"2024-06-28\"},\"bar\":{\"rth_only\":false},"
                        + "\"windows\":{\"days\":[\"MON\",\"FRI\"]},\"costs\":{\"fee_bp\":0.25},"
                        + "\"significance\":{\"bootstrap_samples\":500}}"),
                options.toJson("SPY", "2024-01-02", "2024-06-28"));
    }

    @Test
    void aRequestFieldNamesTheOptionThatSetsIt() {
        assertEquals("--entry", RequestOptions.optionOf("params.entry_grid[1]"));
        assertEquals("--from", RequestOptions.optionOf("horizon.start"));
        assertEquals("--from/--to", RequestOptions.optionOf("horizon"));
        assertEquals("--detrend-lookback", RequestOptions.optionOf("signal.detrend.lookback"));
        assertEquals("--request", RequestOptions.optionOf("signal.detrend.colour"));
        assertEquals("--request", RequestOptions.optionOf("colour"));
        assertEquals(null, RequestOptions.optionOf(null));
    }
}
