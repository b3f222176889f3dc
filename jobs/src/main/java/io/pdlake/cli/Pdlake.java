package io.pdlake.cli;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.lake.LakeConfig;
import io.pdlake.lake.LakeSession;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The pdlake command line: one entry point for people, the local runner and spark-submit. */
@Command(
        name = "pdlake",
        mixinStandardHelpOptions = true,
        version = "pdlake 0.1.0",
        description = "Municipal public-data lakehouse: catalog, ingest, one-number-one-source consolidation, quality.",
        subcommands = {
                DemoCommand.class,
                CatalogCommand.class,
                SampleCommand.class,
                IngestCommand.class,
                ConsolidateCommand.class,
                ThematicCommand.class,
                ScoreCommand.class,
                ScorecardCommand.class,
                TrinoCommand.class,
                ShareCommand.class,
                OpenCommand.class,
                MaintainCommand.class,
                LookupKeyCommand.class,
                RollbackCommand.class,
                BenchCommand.class,
                OrchestrationCommand.class,
                RunCommand.class,
                SqlCommand.class,
                CheckIdCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Pdlake
        implements Runnable
{
    @Option(names = "--profile", description = "Settings profile under conf/ (default: ${DEFAULT-VALUE}, or PDLAKE_PROFILE).",
            defaultValue = "${env:PDLAKE_PROFILE:-local}")
    String profile;

    @Option(names = "--home", description = "Project directory holding conf/ and schemas/ (default: PDLAKE_HOME or the working directory).",
            defaultValue = "${env:PDLAKE_HOME:-.}")
    Path home;

    @Option(names = "--conf", description = "Override one setting, key=value; repeatable.", mapFallbackValue = "")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--verbose", description = "Print the full stack trace of a failure.")
    boolean verbose;

    private LakeConfig config;
    private SparkSession spark;

    @Override
    public void run()
    {
        new CommandLine(this).usage(System.out);
    }

    LakeConfig config()
    {
        if (config == null) {
            config = LakeConfig.load(home, profile, overrides, System.getenv());
        }
        return config;
    }

    WorkingCalendar calendar()
    {
        return WorkingCalendar.load(config().home().resolve(config().value("pdlake.calendar.dir").orElse("conf/calendar")));
    }

    /** Who acts: PDLAKE_USER, else the operating-system user; recorded in the audit log. */
    String actor()
    {
        String user = System.getenv("PDLAKE_USER");
        return user == null || user.isBlank() ? System.getProperty("user.name", "unknown") : user;
    }

    SparkSession spark(String applicationName)
    {
        if (spark == null) {
            spark = LakeSession.create(config(), applicationName);
            spark.sparkContext().setLogLevel("WARN");
        }
        return spark;
    }

    public static void main(String[] arguments)
    {
        int status = execute(arguments);
        System.exit(status);
    }

    /** Runs a command line and returns its exit status; the Spark session, if any, is stopped. */
    public static int execute(String... arguments)
    {
        Pdlake root = new Pdlake();
        try {
            return execute(root, arguments);
        }
        finally {
            if (root.spark != null) {
                root.spark.stop();
            }
        }
    }

    /**
     * Runs a command line and returns its exit status, leaving the Spark session running: a test
     * JVM's one shared SparkSession must outlive each command it runs.
     */
    static int execute(Pdlake root, String... arguments)
    {
        CommandLine commandLine = new CommandLine(root);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            line.getErr().println("pdlake: error: " + oneLine(exception));
            if (exception instanceof UserException) {
                // a user error's message is the whole story: after its one-line cause come the details, such as every catalog problem
                exception.getMessage().lines().skip(1).forEach(line.getErr()::println);
            }
            if (root.verbose) {
                StringWriter trace = new StringWriter();
                exception.printStackTrace(new PrintWriter(trace));
                line.getErr().println(trace);
            }
            else {
                line.getErr().println("(run with --verbose for the stack trace)");
            }
            if (exception instanceof UserException userException) {
                return userException.status();
            }
            return exception instanceof io.pdlake.lake.StorageNotApprovedException ? 2 : 1;
        });
        return commandLine.execute(arguments);
    }

    /** The innermost message worth showing a person: the root cause's, with the outer one if it adds context. */
    static String oneLine(Throwable exception)
    {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
        String first = message.lines().findFirst().orElse(message);
        if (cause != exception && cause.getMessage() != null && !first.contains(cause.getMessage())) {
            return first + ": " + cause.getMessage().lines().findFirst().orElse("");
        }
        return first;
    }
}
