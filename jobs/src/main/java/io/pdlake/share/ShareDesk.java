package io.pdlake.share;

import io.pdlake.audit.AuditAction;
import io.pdlake.audit.AuditEvent;
import io.pdlake.audit.AuditLog;
import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.catalog.ShareType;
import io.pdlake.serve.ShareGrants;
import org.apache.spark.sql.SparkSession;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The share workflow of Art. 23-26 and 33 over the lake: requests and their steps, the grants an
 * approval makes, revocations, and emergency overrides. Every act is written to the audit log.
 */
public final class ShareDesk
{
    private final ResourceCatalog catalog;
    private final ShareDeadlines deadlines;
    private final ShareRequests requests;
    private final EmergencyOverrides overrides;
    private final ShareGrants grants;
    private final AuditLog audit;
    private final int grantDays;
    private final int maxOverrideDays;

    public ShareDesk(SparkSession spark, ResourceCatalog catalog, WorkingCalendar calendar, int grantDays, int maxOverrideDays)
    {
        requireNonNull(spark, "spark is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.deadlines = new ShareDeadlines(requireNonNull(calendar, "calendar is null"));
        if (grantDays < 1 || maxOverrideDays < 1) {
            throw new IllegalArgumentException(format("grantDays and maxOverrideDays must be positive: %s, %s", grantDays, maxOverrideDays));
        }
        this.grantDays = grantDays;
        this.maxOverrideDays = maxOverrideDays;
        this.requests = new ShareRequests(spark);
        this.overrides = new EmergencyOverrides(spark);
        this.grants = new ShareGrants(spark);
        this.audit = new AuditLog(spark);
    }

    public ShareRequest submit(String department, String resourceCode, String purpose, Instant at, String by)
    {
        CatalogEntry entry = entry(resourceCode);
        if (!catalog.departmentsByCode().containsKey(department)) {
            throw new IllegalArgumentException("Unknown requesting department " + department);
        }
        ShareType type = EmergencyOverride.effectiveShareType(entry, overrides.all(), at);
        if (type == ShareType.NONE) {
            throw new IllegalArgumentException(format("%s (%s) is not shared (Art. 23, legal basis: %s); only an emergency override can open it",
                    entry.code(), entry.name(), entry.shareLegalBasis().orElse("none cited")));
        }
        ShareRequest request = ShareRequest.submit(newId("SR", at), department, entry.code(), entry.department(), type, purpose, at, by);
        requests.save(request);
        audit.record(event(at, by, AuditAction.SHARE_REQUEST, request, format("%s request for %s", type.label(), entry.name()), Optional.of(purpose)));
        return request;
    }

    public ShareRequest review(String requestId, Decision decision)
    {
        ShareRequest request = request(requestId);
        if (request.shareType() == ShareType.UNCONDITIONAL) {
            throw new IllegalStateException(format("Request %s is unconditional: it goes to delivery without review (Art. 24)", requestId));
        }
        ShareRequest reviewed = request.reviewed(decision);
        requests.save(reviewed);
        audit.record(event(decision.at(), decision.by(), decision.approved() ? AuditAction.SHARE_REVIEW : AuditAction.SHARE_REFUSAL, reviewed,
                decision.approved() ? "reviewed by the bureau, forwarded to " + request.provider() : "refused at the bureau's review", decision.reason()));
        return reviewed;
    }

    public ShareRequest reply(String requestId, Decision decision, Optional<LocalDate> lastDay)
    {
        ShareRequest request = request(requestId);
        ShareRequest replied;
        if (decision.approved()) {
            // an approval is what lets the department read the entry: the grant is made with it
            Instant expires = expiry(decision.at(), lastDay);
            replied = request.replied(decision, Optional.of("pending"), Optional.of(expires));
            String grant = grants.grant(request.department(), request.resourceCode(), request.purpose(), decision.at(), expires, decision.by());
            replied = request.replied(decision, Optional.of(grant), Optional.of(expires));
            requests.save(replied);
            audit.record(List.of(
                    event(decision.at(), decision.by(), AuditAction.SHARE_REPLY, replied, "approved by " + request.provider(), Optional.empty()),
                    event(decision.at(), decision.by(), AuditAction.GRANT, replied, format("grant %s until %s", grant, expires), Optional.of(request.purpose()))));
        }
        else {
            replied = request.replied(decision, Optional.empty(), Optional.empty());
            requests.save(replied);
            audit.record(event(decision.at(), decision.by(), AuditAction.SHARE_REFUSAL, replied, "refused by " + request.provider(), decision.reason()));
        }
        return replied;
    }

    public ShareRequest deliver(String requestId, Instant at, String by, Optional<LocalDate> lastDay)
    {
        ShareRequest request = request(requestId);
        List<AuditEvent> events = new ArrayList<>();
        ShareRequest delivered;
        if (request.grantId().isEmpty() && request.state() == ShareState.AWAITING_DELIVERY) {
            Instant expires = expiry(at, lastDay);
            delivered = request.delivered(at, by, Optional.of("pending"), Optional.of(expires));
            String grant = grants.grant(request.department(), request.resourceCode(), request.purpose(), at, expires, by);
            delivered = request.delivered(at, by, Optional.of(grant), Optional.of(expires));
            events.add(event(at, by, AuditAction.GRANT, delivered, format("grant %s until %s", grant, expires), Optional.of(request.purpose())));
        }
        else {
            delivered = request.delivered(at, by, Optional.empty(), Optional.empty());
        }
        requests.save(delivered);
        events.add(0, event(at, by, AuditAction.SHARE_DELIVERY, delivered, "delivered to " + request.department(), Optional.empty()));
        audit.record(events);
        return delivered;
    }

    public ShareRequest revoke(String requestId, Instant at, String by, String reason)
    {
        ShareRequest revoked = request(requestId).revoked(at, by, reason);
        grants.revokeGrant(revoked.grantId().orElseThrow(), at);
        requests.save(revoked);
        audit.record(event(at, by, AuditAction.REVOKE, revoked, "grant " + revoked.grantId().orElseThrow() + " revoked", Optional.of(reason)));
        return revoked;
    }

    public EmergencyOverride declareOverride(String resourceCode, ShareType type, String reason, String by, Instant startsAt, Instant endsAt)
    {
        CatalogEntry entry = entry(resourceCode);
        if (Duration.between(startsAt, endsAt).compareTo(Duration.ofDays(maxOverrideDays)) > 0) {
            throw new IllegalArgumentException(format("An emergency override is temporary: at most %s days (pdlake.share.emergency-max-days), not %s to %s",
                    maxOverrideDays, startsAt, endsAt));
        }
        EmergencyOverride override = new EmergencyOverride(newId("EO", startsAt), entry.code(), entry.shareType(), type, reason, by, startsAt, endsAt,
                Optional.empty(), Optional.empty());
        overrides.save(override);
        audit.record(new AuditEvent(startsAt, by, AuditAction.OVERRIDE, Optional.of(entry.code()), Optional.of(entry.department()), override.overrideId(),
                format("share type %s -> %s from %s until %s", entry.shareType().label(), type.label(), startsAt, endsAt), Optional.of(reason)));
        return override;
    }

    public EmergencyOverride liftOverride(String overrideId, Instant at, String by)
    {
        EmergencyOverride override = overrides.all().stream().filter(candidate -> candidate.overrideId().equals(overrideId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown emergency override " + overrideId));
        if (!override.activeAt(at)) {
            throw new IllegalStateException(format("Override %s is not active at %s: nothing to lift", overrideId, at));
        }
        EmergencyOverride lifted = new EmergencyOverride(override.overrideId(), override.resourceCode(), override.catalogType(), override.shareType(), override.reason(),
                override.declaredBy(), override.startsAt(), override.endsAt(), Optional.of(at), Optional.of(by));
        overrides.save(lifted);
        audit.record(new AuditEvent(at, by, AuditAction.OVERRIDE_LIFT, Optional.of(override.resourceCode()), Optional.empty(), overrideId,
                "lifted before its end " + override.endsAt(), Optional.empty()));
        return lifted;
    }

    public List<ShareRequest> requests()
    {
        return requests.all();
    }

    public List<EmergencyOverride> overrides()
    {
        return overrides.all();
    }

    public List<StepDeadline> steps(ShareRequest request, LocalDate asOf)
    {
        return deadlines.steps(request, asOf);
    }

    private ShareRequest request(String requestId)
    {
        return requests.find(requestId).orElseThrow(() -> new IllegalArgumentException("Unknown share request " + requestId));
    }

    private CatalogEntry entry(String resourceCode)
    {
        return catalog.entry(resourceCode).orElseThrow(() -> new IllegalArgumentException("Unknown catalog entry " + resourceCode));
    }

    /** The end of {@code lastDay} in the city, or of the default grant period. */
    private Instant expiry(Instant at, Optional<LocalDate> lastDay)
    {
        LocalDate last = lastDay.orElse(ShareDeadlines.date(at).plusDays(grantDays));
        Instant expires = last.plusDays(1).atStartOfDay(WorkingCalendar.ZONE).toInstant();
        if (!expires.isAfter(at)) {
            throw new IllegalArgumentException(format("A grant must end after it starts: last day %s is before %s", last, ShareDeadlines.date(at)));
        }
        return expires;
    }

    private static AuditEvent event(Instant at, String by, AuditAction action, ShareRequest request, String detail, Optional<String> reason)
    {
        return new AuditEvent(at, by, action, Optional.of(request.resourceCode()), Optional.of(request.department()), request.requestId(), detail, reason);
    }

    private static String newId(String prefix, Instant at)
    {
        return format("%s-%s-%s", prefix, ShareDeadlines.date(at).toString().replace("-", ""), UUID.randomUUID().toString().substring(0, 8));
    }
}
