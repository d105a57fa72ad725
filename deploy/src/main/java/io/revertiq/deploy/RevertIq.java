package io.revertiq.deploy;

import io.revertiq.edge.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code revertiq} launcher: one distribution, one command per job. */
@Command(name = "revertiq", mixinStandardHelpOptions = true, versionProvider = RevertIq.Version.class,
        description = "Intraday mean-reversion windows that pay after costs, out of sample, after FDR.",
        subcommands = {ServeCommand.class, RunCommand.class, StatusCommand.class, ExportCommand.class, DemoCommand.class,
                AnalyzeCommand.class, StatsCommand.class, AdminCommand.class})
public final class RevertIq {

    public static void main(String[] args) {
        CommandLine cli = commandLine();
        int exit = cli.execute(args);
        cli.getOut().flush(); // picocli's writers buffer; System.exit would drop the tail of a large JSON
        cli.getErr().flush();
        System.exit(exit);
    }

    public static CommandLine commandLine() {
        return new CommandLine(new RevertIq()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new CliError());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"revertiq " + BuildInfo.VERSION};
        }
    }
}
