package io.pdlake.cli;

import io.pdlake.catalog.ShareType;
import io.pdlake.share.Decision;
import io.pdlake.share.EmergencyOverride;
import io.pdlake.share.ShareDesk;
import io.pdlake.share.ShareRequest;
import io.pdlake.share.StepDeadline;
import io.pdlake.calendar.WorkingCalendar;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import static java.lang.String.format;

@Command(name = "share", mixinStandardHelpOptions = true,
        description = {"Share requests with the working-day deadlines of Art. 24-26, revocation (Art. 33) and emergency overrides (Art. 23).",
                "An approval writes the grant that 'pdlake trino rules' turns into access; every step goes to meta.audit_log."},
        subcommands = {ShareCommand.Request.class, ShareCommand.Review.class, ShareCommand.Reply.class, ShareCommand.Deliver.class,
                ShareCommand.Revoke.class, ShareCommand.Status.class, ShareCommand.DeclareOverride.class, ShareCommand.Lift.class})
final class ShareCommand
        implements Runnable
{
    @ParentCommand
    Pdlake root;

    @Override
    public void run()
    {
        new picocli.CommandLine(this).usage(System.out);
    }

    ShareDesk desk()
    {
        return new ShareDesk(root.spark("pdlake-share"), CatalogCommand.validated(root.config().schemasDirectory()), root.calendar(),
                Integer.parseInt(root.config().value("pdlake.share.grant-days").orElse("365")),
                Integer.parseInt(root.config().value("pdlake.share.emergency-max-days").orElse("30")));
    }

    /** A refused step is the user's to fix: one line, exit status 2. */
    static <T> T refusedAsUserError(Supplier<T> step)
    {
        try {
            return step.get();
        }
        catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserException("refused: " + e.getMessage(), 2);
        }
    }

    static Instant instant(LocalDateTime at)
    {
        return at == null ? Instant.now() : at.atZone(WorkingCalendar.ZONE).toInstant();
    }

    /** An instant as the city's local time, to the minute: what bureau staff read. */
    static String local(Instant instant)
    {
        return LocalDateTime.ofInstant(instant, WorkingCalendar.ZONE).truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString().replace('T', ' ');
    }

    void printDeadlines(ShareDesk desk, ShareRequest request)
    {
        for (StepDeadline step : desk.steps(request, LocalDate.now(WorkingCalendar.ZONE))) {
            System.out.printf("  %-8s %s%n", step.step().label(), step.describe());
        }
    }

    abstract static class Step
    {
        @ParentCommand
        ShareCommand parent;

        @Option(names = "--by", description = "Who acts (default: PDLAKE_USER or the login name).")
        String by;

        @Option(names = "--at", description = "When, local time yyyy-MM-ddTHH:mm:ss (default: now); for recording a step taken earlier.")
        LocalDateTime at;

        String actor()
        {
            return by == null ? parent.root.actor() : by;
        }
    }

    @Command(name = "request", mixinStandardHelpOptions = true, description = "Submit a department's request for an entry, with its purpose.")
    static final class Request
            extends Step
            implements Callable<Integer>
    {
        @Option(names = "--department", required = true, description = "Requesting department code.")
        String department;

        @Option(names = "--resource", required = true, description = "Catalog code, e.g. XT-GA-0001.")
        String resource;

        @Option(names = "--purpose", required = true, description = "What the data is for (Art. 25: used for that purpose only, never passed on).")
        String purpose;

        @Override
        public Integer call()
        {
            ShareDesk desk = parent.desk();
            ShareRequest request = refusedAsUserError(() -> desk.submit(department, resource, purpose, instant(at), actor()));
            System.out.printf("request %s: %s asks %s for %s (%s)%n", request.requestId(), department, request.provider(), resource, request.shareType().label());
            parent.printDeadlines(desk, request);
            return 0;
        }
    }

    @Command(name = "review", mixinStandardHelpOptions = true, description = "The bureau's review of a conditional request: forward it to the provider, or refuse it with a reason.")
    static final class Review
            extends Step
            implements Callable<Integer>
    {
        @Parameters(index = "0", paramLabel = "REQUEST")
        String requestId;

        @ArgGroup(multiplicity = "1")
        Verdict verdict;

        @Override
        public Integer call()
        {
            ShareDesk desk = parent.desk();
            ShareRequest request = refusedAsUserError(() -> desk.review(requestId, verdict.decision(instant(at), actor())));
            System.out.printf("request %s %s%n", requestId, request.state().label());
            parent.printDeadlines(desk, request);
            return 0;
        }
    }

    static final class Verdict
    {
        @Option(names = "--approve", required = true, description = "Approve.")
        boolean approve;

        @Option(names = "--refuse", required = true, paramLabel = "REASON", description = "Refuse, saying why (required, Art. 24).")
        String refusal;

        Decision decision(Instant at, String by)
        {
            return approve ? Decision.approve(at, by) : refusedAsUserError(() -> Decision.refuse(at, by, refusal));
        }
    }

    @Command(name = "reply", mixinStandardHelpOptions = true, description = "The provider's reply: approve (which writes the grant) or refuse with a reason.")
    static final class Reply
            extends Step
            implements Callable<Integer>
    {
        @Parameters(index = "0", paramLabel = "REQUEST")
        String requestId;

        @ArgGroup(multiplicity = "1")
        Verdict verdict;

        @Option(names = "--until", description = "Last day of the grant, yyyy-MM-dd (default: pdlake.share.grant-days from now).")
        LocalDate until;

        @Override
        public Integer call()
        {
            ShareDesk desk = parent.desk();
            ShareRequest request = refusedAsUserError(() -> desk.reply(requestId, verdict.decision(instant(at), actor()), Optional.ofNullable(until)));
            System.out.printf("request %s %s%s%n", requestId, request.state().label(),
                    request.grantId().map(grant -> format("; grant %s until %s; run 'pdlake trino rules' to apply", grant, local(request.expiresAt().orElseThrow()))).orElse(""));
            parent.printDeadlines(desk, request);
            return 0;
        }
    }

    @Command(name = "deliver", mixinStandardHelpOptions = true, description = "Record the delivery; an unconditional request's grant is written here.")
    static final class Deliver
            extends Step
            implements Callable<Integer>
    {
        @Parameters(index = "0", paramLabel = "REQUEST")
        String requestId;

        @Option(names = "--until", description = "Last day of an unconditional request's grant, yyyy-MM-dd (default: pdlake.share.grant-days from now).")
        LocalDate until;

        @Override
        public Integer call()
        {
            ShareDesk desk = parent.desk();
            ShareRequest request = refusedAsUserError(() -> desk.deliver(requestId, instant(at), actor(), Optional.ofNullable(until)));
            System.out.printf("request %s delivered to %s%n", requestId, request.department());
            parent.printDeadlines(desk, request);
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a request's grant (Art. 33); access ends at the next 'pdlake trino rules'.")
    static final class Revoke
            extends Step
            implements Callable<Integer>
    {
        @Parameters(index = "0", paramLabel = "REQUEST")
        String requestId;

        @Option(names = "--reason", required = true, description = "Why (e.g. data passed on to a third party, Art. 25).")
        String reason;

        @Override
        public Integer call()
        {
            ShareRequest request = refusedAsUserError(() -> parent.desk().revoke(requestId, instant(at), actor(), reason));
            System.out.printf("request %s revoked: grant %s ends at the next 'pdlake trino rules'%n", requestId, request.grantId().orElseThrow());
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Every request with each step's deadline and SLA status (on-time, late, overdue, pending), and the overrides.")
    static final class Status
            implements Callable<Integer>
    {
        @ParentCommand
        ShareCommand parent;

        @Option(names = "--as-of", description = "Judge deadlines as of this day, yyyy-MM-dd (default: today).")
        LocalDate asOf;

        @Option(names = "--overdue", description = "Only requests with a step overdue or done late.")
        boolean overdueOnly;

        @Override
        public Integer call()
        {
            ShareDesk desk = parent.desk();
            LocalDate day = asOf == null ? LocalDate.now(WorkingCalendar.ZONE) : asOf;
            List<List<String>> rows = new ArrayList<>();
            for (ShareRequest request : desk.requests()) {
                List<StepDeadline> steps = desk.steps(request, day);
                boolean breached = steps.stream().anyMatch(step -> step.status() == io.pdlake.share.SlaStatus.OVERDUE || step.status() == io.pdlake.share.SlaStatus.LATE);
                if (overdueOnly && !breached) {
                    continue;
                }
                List<String> row = new ArrayList<>(List.of(request.requestId(), request.department(), request.resourceCode(), request.shareType().label(),
                        request.state().label()));
                steps.forEach(step -> row.add(step.describe()));
                rows.add(row);
            }
            TablePrinter.printTable(System.out, List.of("request", "department", "resource", "type", "state", "review", "reply", "delivery"), rows);
            Instant now = day.plusDays(1).atStartOfDay(WorkingCalendar.ZONE).toInstant().minusSeconds(1);
            List<List<String>> overrides = new ArrayList<>();
            for (EmergencyOverride override : desk.overrides()) {
                overrides.add(List.of(override.overrideId(), override.resourceCode(), override.catalogType().label() + " -> " + override.shareType().label(),
                        local(override.startsAt()), local(override.liftedAt().orElse(override.endsAt())), override.activeAt(now) ? "active" : "lapsed", override.reason()));
            }
            if (!overrides.isEmpty()) {
                System.out.println();
                TablePrinter.printTable(System.out, List.of("override", "resource", "share type", "from", "until", "state", "reason"), overrides);
            }
            return 0;
        }
    }

    @Command(name = "override", mixinStandardHelpOptions = true,
            description = "Temporarily open an entry during a public emergency (Art. 23, item 7); it lapses by itself at --until.")
    static final class DeclareOverride
            extends Step
            implements Callable<Integer>
    {
        @Option(names = "--resource", required = true)
        String resource;

        @Option(names = "--to", required = true, description = "unconditional or conditional.")
        String to;

        @Option(names = "--reason", required = true, description = "The emergency it serves.")
        String reason;

        @Option(names = "--until", required = true, description = "When it lapses, local time yyyy-MM-ddTHH:mm:ss (at most pdlake.share.emergency-max-days after --at).")
        LocalDateTime until;

        @Override
        public Integer call()
        {
            ShareType type = ShareType.fromLabel(to).orElseThrow(() -> new UserException("unknown share type " + to + " (unconditional, conditional)", 2));
            EmergencyOverride override = refusedAsUserError(() -> parent.desk().declareOverride(resource, type, reason, actor(), instant(at), instant(until)));
            System.out.printf("override %s: %s is %s until %s; run 'pdlake trino rules' to apply%n", override.overrideId(), resource, type.label(), local(override.endsAt()));
            return 0;
        }
    }

    @Command(name = "lift", mixinStandardHelpOptions = true, description = "End an emergency override before it lapses.")
    static final class Lift
            extends Step
            implements Callable<Integer>
    {
        @Parameters(index = "0", paramLabel = "OVERRIDE")
        String overrideId;

        @Override
        public Integer call()
        {
            refusedAsUserError(() -> parent.desk().liftOverride(overrideId, instant(at), actor()));
            System.out.printf("override %s lifted; run 'pdlake trino rules' to apply%n", overrideId);
            return 0;
        }
    }
}
