package io.pdlake.share;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A review or reply on a share request: who decided, when, and, for a refusal, why (Art. 24). */
public record Decision(Instant at, String by, boolean approved, Optional<String> reason)
{
    public Decision
    {
        requireNonNull(at, "at is null");
        requireNonNull(by, "by is null");
        requireNonNull(reason, "reason is null");
        if (by.isBlank()) {
            throw new IllegalArgumentException("A decision needs the person who made it");
        }
        if (!approved && reason.map(String::isBlank).orElse(true)) {
            throw new IllegalArgumentException("A refusal must state its reason (Art. 24)");
        }
    }

    public static Decision approve(Instant at, String by)
    {
        return new Decision(at, by, true, Optional.empty());
    }

    public static Decision refuse(Instant at, String by, String reason)
    {
        return new Decision(at, by, false, Optional.ofNullable(reason));
    }
}
