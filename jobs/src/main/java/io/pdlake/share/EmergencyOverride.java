package io.pdlake.share;

import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.ShareType;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * A temporary change of an entry's share type during a public emergency (Art. 23, item 7): only
 * ever to a more open type, with reason, who declared it, and a start and end. It lapses by itself
 * at its end; it can be lifted earlier.
 */
public record EmergencyOverride(
        String overrideId,
        String resourceCode,
        ShareType catalogType,
        ShareType shareType,
        String reason,
        String declaredBy,
        Instant startsAt,
        Instant endsAt,
        Optional<Instant> liftedAt,
        Optional<String> liftedBy)
{
    public EmergencyOverride
    {
        requireNonNull(overrideId, "overrideId is null");
        requireNonNull(resourceCode, "resourceCode is null");
        requireNonNull(catalogType, "catalogType is null");
        requireNonNull(shareType, "shareType is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(declaredBy, "declaredBy is null");
        requireNonNull(startsAt, "startsAt is null");
        requireNonNull(endsAt, "endsAt is null");
        requireNonNull(liftedAt, "liftedAt is null");
        requireNonNull(liftedBy, "liftedBy is null");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("An emergency override must state the emergency it serves (Art. 23)");
        }
        if (declaredBy.isBlank()) {
            throw new IllegalArgumentException("An emergency override needs the person who declared it");
        }
        if (openness(shareType) <= openness(catalogType)) {
            throw new IllegalArgumentException(format("An emergency override only opens an entry: %s is %s in the catalog, so %s is no change upward",
                    resourceCode, catalogType.label(), shareType.label()));
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException(format("An emergency override must end after it starts: %s is not after %s", endsAt, startsAt));
        }
    }

    public boolean activeAt(Instant time)
    {
        return !time.isBefore(startsAt) && time.isBefore(endsAt) && liftedAt.map(time::isBefore).orElse(true);
    }

    /** The entry's share type at {@code time}: an active override's, else the catalog's. */
    public static ShareType effectiveShareType(CatalogEntry entry, Collection<EmergencyOverride> overrides, Instant time)
    {
        return overrides.stream()
                .filter(override -> override.resourceCode().equals(entry.code()) && override.activeAt(time))
                .map(EmergencyOverride::shareType)
                .max((left, right) -> Integer.compare(openness(left), openness(right)))
                .orElse(entry.shareType());
    }

    private static int openness(ShareType type)
    {
        return switch (type) {
            case NONE -> 0;
            case CONDITIONAL -> 1;
            case UNCONDITIONAL -> 2;
        };
    }
}
