package io.pdlake.serve;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A department's grant to read a conditional-share entry, with its purpose and expiry (Art. 24-25). */
public record ShareGrant(String department, String resourceCode, String purpose, Instant grantedAt, Instant expiresAt, Optional<Instant> revokedAt)
{
    public ShareGrant
    {
        requireNonNull(department, "department is null");
        requireNonNull(resourceCode, "resourceCode is null");
        requireNonNull(purpose, "purpose is null");
        requireNonNull(grantedAt, "grantedAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(revokedAt, "revokedAt is null");
    }

    public boolean activeAt(Instant time)
    {
        return revokedAt.isEmpty() && !time.isBefore(grantedAt) && time.isBefore(expiresAt);
    }
}
