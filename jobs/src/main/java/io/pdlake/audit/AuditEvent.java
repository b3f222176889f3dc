package io.pdlake.audit;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One line of the audit log: who did what, when, to which resource, for whom, and why.
 * {@code subject} names the thing acted on: a request, grant, override, file or snapshot.
 */
public record AuditEvent(
        Instant at,
        String actor,
        AuditAction action,
        Optional<String> resourceCode,
        Optional<String> department,
        String subject,
        String detail,
        Optional<String> reason)
{
    public AuditEvent
    {
        requireNonNull(at, "at is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(action, "action is null");
        requireNonNull(resourceCode, "resourceCode is null");
        requireNonNull(department, "department is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(reason, "reason is null");
        if (actor.isBlank()) {
            throw new IllegalArgumentException("An audit event needs the actor who did it");
        }
    }
}
