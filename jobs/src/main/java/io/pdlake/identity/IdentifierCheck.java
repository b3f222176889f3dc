package io.pdlake.identity;

import io.pdlake.quality.ReasonCode;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of checking one identifier: its kind, the normalised form (18-digit ID number,
 * upper-case credit code; the standardised input when it cannot be normalised) and the problem,
 * if any.
 */
public record IdentifierCheck(IdentifierKind kind, String normalized, Optional<ReasonCode> problem)
{
    public IdentifierCheck
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(normalized, "normalized is null");
        requireNonNull(problem, "problem is null");
    }

    public static IdentifierCheck valid(IdentifierKind kind, String normalized)
    {
        return new IdentifierCheck(kind, normalized, Optional.empty());
    }

    public static IdentifierCheck invalid(IdentifierKind kind, String normalized, ReasonCode problem)
    {
        return new IdentifierCheck(kind, normalized, Optional.of(problem));
    }

    public boolean isValid()
    {
        return problem.isEmpty();
    }
}
