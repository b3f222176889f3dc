package io.pdlake.cli;

import io.pdlake.testing.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line, for the commands that need no Spark; the Spark ones run in the demo and the job tests. */
class TestPdlake
{
    @TempDir
    Path temporary;

    private record Result(int status, String out, String err) {}

    private static synchronized Result run(String... arguments)
    {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            String[] all = new String[arguments.length + 2];
            all[0] = "--home";
            all[1] = ProjectFiles.root().toString();
            System.arraycopy(arguments, 0, all, 2, arguments.length);
            int status = Pdlake.execute(all);
            return new Result(status, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        }
        finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void checkIdPrintsKindVerdictAndNormalForm()
    {
        Result valid = run("check-id", "110105491231002", "91350100m000100y43");
        assertThat(valid.status()).isZero();
        assertThat(valid.out().lines()).containsExactly(
                "110105491231002\tid_number\tvalid\t11010519491231002X",
                "91350100m000100y43\tuscc\tvalid\t91350100M000100Y43");
        Result invalid = run("check-id", "11010519491231002X", "110105194912310021", "91350100M000100Y44", "abc");
        assertThat(invalid.status()).isEqualTo(1);
        assertThat(invalid.out().lines()).containsExactly(
                "11010519491231002X\tid_number\tvalid\t11010519491231002X",
                "110105194912310021\tid_number\tID_NUMBER_CHECK_DIGIT\t110105194912310021",
                "91350100M000100Y44\tuscc\tUSCC_CHECK_DIGIT\t91350100M000100Y44",
                "abc\tunknown\tIDENTIFIER_UNRECOGNIZED\tABC");
    }

    @Test
    void catalogValidateReportsEveryProblemAndFails()
            throws IOException
    {
        assertThat(run("catalog", "validate").status()).isZero();
        Path schemas = temporary.resolve("schemas");
        ProjectFiles.copyTree(ProjectFiles.schemas(), schemas);
        Path water = schemas.resolve("catalog/shuiwu_group/water_account.yaml");
        Files.writeString(water, Files.readString(water).replace("update_cycle: monthly", "update_cycle: sometimes").replace("department: shuiwu_group", "department: nobody"));
        Result result = run("--conf", "pdlake.schemas.dir=" + schemas, "catalog", "validate");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines().findFirst().orElseThrow()).isEqualTo("pdlake: error: catalog has 2 problem(s)");
        assertThat(result.err()).contains(
                "schemas/catalog/shuiwu_group/water_account.yaml: department: unknown department nobody (not in departments.yaml)",
                "schemas/catalog/shuiwu_group/water_account.yaml: update_cycle: unknown update cycle sometimes");

        // every other command that needs the catalog refuses it the same way, with the problems listed
        Result load = run("--conf", "pdlake.schemas.dir=" + schemas, "catalog", "load");
        assertThat(load.status()).isEqualTo(2);
        assertThat(load.err().lines().findFirst().orElseThrow()).isEqualTo("pdlake: error: catalog has 2 problem(s)");
        assertThat(load.err()).contains("schemas/catalog/shuiwu_group/water_account.yaml: department: unknown department nobody (not in departments.yaml)");
    }

    @Test
    void failuresStartWithAOneLineCause()
    {
        Result result = run("--profile", "nowhere", "catalog", "validate");
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err().lines().findFirst().orElseThrow()).startsWith("pdlake: error: Cannot find profile nowhere: no file ");
    }

    @Test
    void everySubcommandHasHelp()
    {
        for (String command : new String[] {"demo", "catalog", "sample", "ingest", "sql", "check-id"}) {
            Result result = run(command, "--help");
            assertThat(result.status()).as(command).isZero();
            assertThat(result.out()).as(command).startsWith("Usage: pdlake " + command);
        }
    }

    @Test
    void sampleChangesWritesALaterBatchBesideTheFirstOnes()
            throws IOException
    {
        Path landing = temporary.resolve("landing");
        Result first = run("sample", "--rows", "500", "--out", landing.toString());
        assertThat(first.status()).as(first.err()).isZero();
        long before;
        try (var files = Files.walk(landing)) {
            before = files.filter(Files::isRegularFile).count();
        }
        Result changes = run("sample", "--rows", "500", "--out", landing.toString(), "--changes", "2026-11-10", "--share", "0.1");
        assertThat(changes.status()).as(changes.err()).isZero();
        assertThat(changes.out()).startsWith("sample: ");
        try (var files = Files.walk(landing)) {
            // one more file per entry, each in a batch folder of the change date
            assertThat(files.filter(Files::isRegularFile).filter(file -> file.getParent().getFileName().toString().equals("20261110")).count())
                    .isGreaterThan(0)
                    .isEqualTo(before / 2);
        }
        Result early = run("sample", "--rows", "500", "--out", landing.toString(), "--changes", "2020-01-01");
        assertThat(early.status()).isEqualTo(2);
        assertThat(early.err()).contains("A change batch must come after");
    }

    @Test
    void lookupKeyGivesTheKeyedPseudonymOfAValidIdentifierOnly()
            throws IOException
    {
        Path secret = temporary.resolve("lookup.secret");
        Files.writeString(secret, "0123456789abcdef0123456789abcdef\n");
        Result result = run("--conf", "pdlake.lookup.secret-file=" + secret, "lookup-key", "110105491231002", "110105194912310021");
        assertThat(result.status()).isEqualTo(1);
        // the key of the normalised number, computed independently with Python's hmac module
        assertThat(result.out().lines()).containsExactly(
                "110105491231002\t11010519491231002X\t7b2b7323b75750d6b3bf13c96f9841b6f9b099fed3f4ac35fa61cfa57ff8b97b",
                "110105194912310021\t110105194912310021\tID_NUMBER_CHECK_DIGIT");
    }
}
