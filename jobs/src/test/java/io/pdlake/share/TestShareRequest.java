package io.pdlake.share;

import io.pdlake.catalog.ShareType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static io.pdlake.share.TestShareDeadlines.conditional;
import static io.pdlake.share.TestShareDeadlines.local;
import static io.pdlake.share.TestShareDeadlines.unconditional;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestShareRequest
{
    private static final Instant SUBMITTED = local("2026-11-02T09:00");

    @Test
    void aConditionalRequestGoesReviewReplyDeliveryRevoke()
    {
        ShareRequest request = conditional("2026-11-02T09:00");
        assertThat(request.state()).isEqualTo(ShareState.AWAITING_REVIEW);
        request = request.reviewed(Decision.approve(local("2026-11-03T09:00"), "bureau.li"));
        assertThat(request.state()).isEqualTo(ShareState.AWAITING_REPLY);
        request = request.replied(Decision.approve(local("2026-11-04T09:00"), "gongan.zhao"), Optional.of("grant-1"), Optional.of(local("2027-11-05T00:00")));
        assertThat(request.state()).isEqualTo(ShareState.AWAITING_DELIVERY);
        assertThat(request.grantId()).contains("grant-1");
        request = request.delivered(local("2026-11-05T09:00"), "bureau.li", Optional.empty(), Optional.empty());
        assertThat(request.state()).isEqualTo(ShareState.DELIVERED);
        request = request.revoked(local("2026-11-20T09:00"), "bureau.li", "数据转提供第三方 (Art. 25)");
        assertThat(request.state()).isEqualTo(ShareState.REVOKED);
        assertThat(request.revokeReason()).contains("数据转提供第三方 (Art. 25)");
    }

    @Test
    void anUnconditionalRequestIsDeliveredWithItsGrant()
    {
        ShareRequest request = unconditional("2026-11-02T09:00");
        assertThat(request.state()).isEqualTo(ShareState.AWAITING_DELIVERY);
        assertThatThrownBy(() -> request.delivered(local("2026-11-03T09:00"), "bureau.li", Optional.empty(), Optional.empty()))
                .hasMessage("An unconditional delivery comes with its grant");
        assertThat(request.delivered(local("2026-11-03T09:00"), "bureau.li", Optional.of("grant-2"), Optional.of(local("2027-11-04T00:00"))).state())
                .isEqualTo(ShareState.DELIVERED);
    }

    @Test
    void everyRefusalNeedsAReason()
    {
        assertThatThrownBy(() -> Decision.refuse(SUBMITTED, "bureau.li", " ")).hasMessage("A refusal must state its reason (Art. 24)");
        assertThatThrownBy(() -> Decision.refuse(SUBMITTED, "bureau.li", null)).hasMessage("A refusal must state its reason (Art. 24)");
        ShareRequest refused = conditional("2026-11-02T09:00").reviewed(Decision.refuse(local("2026-11-03T09:00"), "bureau.li", "用途不明确"));
        assertThat(refused.state()).isEqualTo(ShareState.REFUSED);
        assertThat(refused.review().orElseThrow().reason()).contains("用途不明确");
        ShareRequest delivered = unconditional("2026-11-02T09:00").delivered(local("2026-11-03T09:00"), "bureau.li", Optional.of("g"), Optional.of(local("2027-01-01T00:00")));
        assertThatThrownBy(() -> delivered.revoked(local("2026-11-04T09:00"), "bureau.li", "")).hasMessage("A revocation must state its reason (Art. 33)");
    }

    @Test
    void stepsOutOfOrderAreRefusedNamingTheRequestAndItsState()
    {
        ShareRequest request = conditional("2026-11-02T09:00");
        assertThatThrownBy(() -> request.replied(Decision.approve(local("2026-11-03T09:00"), "gongan.zhao"), Optional.of("g"), Optional.of(local("2027-01-01T00:00"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Request SR-2 cannot be answered by the provider: it is awaiting-review, not awaiting-reply");
        assertThatThrownBy(() -> request.delivered(local("2026-11-03T09:00"), "bureau.li", Optional.of("g"), Optional.of(local("2027-01-01T00:00"))))
                .hasMessage("Request SR-2 cannot be delivered: it is awaiting-review, not awaiting-delivery");
        assertThatThrownBy(() -> request.revoked(local("2026-11-03T09:00"), "bureau.li", "x"))
                .hasMessage("Request SR-2 is awaiting-review: it has no grant to revoke");
        ShareRequest reviewed = request.reviewed(Decision.approve(local("2026-11-03T09:00"), "bureau.li"));
        assertThatThrownBy(() -> reviewed.reviewed(Decision.approve(local("2026-11-03T10:00"), "bureau.li")))
                .hasMessage("Request SR-2 cannot be reviewed: it is awaiting-reply, not awaiting-review");
        assertThatThrownBy(() -> request.reviewed(Decision.approve(local("2026-11-01T09:00"), "bureau.li")))
                .hasMessageContaining("comes before the step it follows");
    }

    @Test
    void aRequestNeedsAPurposeASharedEntryAndAnotherProvider()
    {
        assertThatThrownBy(() -> ShareRequest.submit("SR-3", "rsj", "XT-GA-0001", "gongan", ShareType.CONDITIONAL, " ", SUBMITTED, "rsj.wang"))
                .hasMessage("A share request must state the purpose the data is for (Art. 24-25)");
        assertThatThrownBy(() -> ShareRequest.submit("SR-3", "rsj", "XT-MZ-0002", "mzj", ShareType.NONE, "核验", SUBMITTED, "rsj.wang"))
                .hasMessage("XT-MZ-0002 is not shared (Art. 23); it cannot be requested");
        assertThatThrownBy(() -> ShareRequest.submit("SR-3", "gongan", "XT-GA-0001", "gongan", ShareType.CONDITIONAL, "核验", SUBMITTED, "gongan.li"))
                .hasMessage("gongan provides XT-GA-0001 itself; it needs no share request");
    }
}
