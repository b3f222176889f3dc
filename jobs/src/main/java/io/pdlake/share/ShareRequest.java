package io.pdlake.share;

import io.pdlake.catalog.ShareType;

import java.time.Instant;
import java.util.Optional;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * A department's request to use another provider's catalog entry (Art. 24-25), with every step
 * taken so far. The transitions check the order of Art. 24 and return a new request; the stored
 * request changes only through them.
 */
public record ShareRequest(
        String requestId,
        String department,
        String resourceCode,
        String provider,
        ShareType shareType,
        String purpose,
        Instant submittedAt,
        String submittedBy,
        Optional<Decision> review,
        Optional<Decision> reply,
        Optional<Instant> deliveredAt,
        Optional<String> deliveredBy,
        Optional<String> grantId,
        Optional<Instant> expiresAt,
        Optional<Instant> revokedAt,
        Optional<String> revokedBy,
        Optional<String> revokeReason)
{
    public ShareRequest
    {
        requireNonNull(requestId, "requestId is null");
        requireNonNull(department, "department is null");
        requireNonNull(resourceCode, "resourceCode is null");
        requireNonNull(provider, "provider is null");
        requireNonNull(shareType, "shareType is null");
        requireNonNull(purpose, "purpose is null");
        requireNonNull(submittedAt, "submittedAt is null");
        requireNonNull(submittedBy, "submittedBy is null");
        requireNonNull(review, "review is null");
        requireNonNull(reply, "reply is null");
        requireNonNull(deliveredAt, "deliveredAt is null");
        requireNonNull(deliveredBy, "deliveredBy is null");
        requireNonNull(grantId, "grantId is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(revokedAt, "revokedAt is null");
        requireNonNull(revokedBy, "revokedBy is null");
        requireNonNull(revokeReason, "revokeReason is null");
        if (purpose.isBlank()) {
            throw new IllegalArgumentException("A share request must state the purpose the data is for (Art. 24-25)");
        }
        if (shareType == ShareType.NONE) {
            throw new IllegalArgumentException(format("%s is not shared (Art. 23); it cannot be requested", resourceCode));
        }
        if (department.equals(provider)) {
            throw new IllegalArgumentException(format("%s provides %s itself; it needs no share request", department, resourceCode));
        }
    }

    public static ShareRequest submit(String requestId, String department, String resourceCode, String provider, ShareType shareType, String purpose,
            Instant submittedAt, String submittedBy)
    {
        return new ShareRequest(requestId, department, resourceCode, provider, shareType, purpose, submittedAt, submittedBy,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public ShareState state()
    {
        if (revokedAt.isPresent()) {
            return ShareState.REVOKED;
        }
        if (deliveredAt.isPresent()) {
            return ShareState.DELIVERED;
        }
        if (review.map(decision -> !decision.approved()).orElse(false) || reply.map(decision -> !decision.approved()).orElse(false)) {
            return ShareState.REFUSED;
        }
        if (shareType == ShareType.UNCONDITIONAL || reply.isPresent()) {
            return ShareState.AWAITING_DELIVERY;
        }
        return review.isPresent() ? ShareState.AWAITING_REPLY : ShareState.AWAITING_REVIEW;
    }

    /** The bureau's review: approved, the request goes to the provider; refused, it ends here. */
    public ShareRequest reviewed(Decision decision)
    {
        requireNonNull(decision, "decision is null");
        expect(ShareState.AWAITING_REVIEW, "reviewed");
        notBefore(decision.at(), submittedAt, "review");
        return new ShareRequest(requestId, department, resourceCode, provider, shareType, purpose, submittedAt, submittedBy,
                Optional.of(decision), reply, deliveredAt, deliveredBy, grantId, expiresAt, revokedAt, revokedBy, revokeReason);
    }

    /** The provider's reply; an approval carries the grant it creates and its expiry. */
    public ShareRequest replied(Decision decision, Optional<String> grant, Optional<Instant> expiry)
    {
        requireNonNull(decision, "decision is null");
        expect(ShareState.AWAITING_REPLY, "answered by the provider");
        notBefore(decision.at(), review.orElseThrow().at(), "reply");
        if (decision.approved() != grant.isPresent() || grant.isPresent() != expiry.isPresent()) {
            throw new IllegalArgumentException("An approving reply comes with its grant and expiry, a refusal with neither");
        }
        return new ShareRequest(requestId, department, resourceCode, provider, shareType, purpose, submittedAt, submittedBy,
                review, Optional.of(decision), deliveredAt, deliveredBy, grant.or(() -> grantId), expiry.or(() -> expiresAt), revokedAt, revokedBy, revokeReason);
    }

    /** Delivery of the data; for an unconditional request, the grant is made here. */
    public ShareRequest delivered(Instant at, String by, Optional<String> grant, Optional<Instant> expiry)
    {
        requireNonNull(at, "at is null");
        requireNonNull(by, "by is null");
        expect(ShareState.AWAITING_DELIVERY, "delivered");
        notBefore(at, reply.map(Decision::at).orElse(submittedAt), "delivery");
        if (grantId.isPresent() == grant.isPresent()) {
            throw new IllegalArgumentException(grantId.isPresent() ? "The request already has its grant " + grantId.get() : "An unconditional delivery comes with its grant");
        }
        return new ShareRequest(requestId, department, resourceCode, provider, shareType, purpose, submittedAt, submittedBy,
                review, reply, Optional.of(at), Optional.of(by), grant.or(() -> grantId), expiry.or(() -> expiresAt), revokedAt, revokedBy, revokeReason);
    }

    /** Art. 33: access taken away, for a stated reason. */
    public ShareRequest revoked(Instant at, String by, String reason)
    {
        requireNonNull(at, "at is null");
        requireNonNull(by, "by is null");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A revocation must state its reason (Art. 33)");
        }
        if (grantId.isEmpty() || revokedAt.isPresent()) {
            throw new IllegalStateException(format("Request %s is %s: it has no grant to revoke", requestId, state().label()));
        }
        return new ShareRequest(requestId, department, resourceCode, provider, shareType, purpose, submittedAt, submittedBy,
                review, reply, deliveredAt, deliveredBy, grantId, expiresAt, Optional.of(at), Optional.of(by), Optional.of(reason));
    }

    private void expect(ShareState expected, String verb)
    {
        ShareState state = state();
        if (state != expected) {
            throw new IllegalStateException(format("Request %s cannot be %s: it is %s, not %s", requestId, verb, state.label(), expected.label()));
        }
    }

    private void notBefore(Instant at, Instant previous, String step)
    {
        if (at.isBefore(previous)) {
            throw new IllegalArgumentException(format("The %s of %s at %s comes before the step it follows (%s)", step, requestId, at, previous));
        }
    }
}
