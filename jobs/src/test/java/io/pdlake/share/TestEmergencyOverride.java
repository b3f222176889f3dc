package io.pdlake.share;

import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.catalog.ShareType;
import io.pdlake.testing.ProjectFiles;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.pdlake.share.TestShareDeadlines.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestEmergencyOverride
{
    private static final Instant START = local("2026-07-20T08:00");
    private static final Instant END = local("2026-08-03T08:00");

    @Test
    void opensAnEntryFromItsStartAndLapsesByItselfAtItsEnd()
    {
        CatalogEntry marriages = ResourceCatalog.load(ProjectFiles.schemas()).entry("XT-MZ-0002").orElseThrow();
        assertThat(marriages.shareType()).isEqualTo(ShareType.NONE);
        List<EmergencyOverride> overrides = List.of(flood(Optional.empty()));
        assertThat(EmergencyOverride.effectiveShareType(marriages, overrides, START.minusSeconds(1))).isEqualTo(ShareType.NONE);
        assertThat(EmergencyOverride.effectiveShareType(marriages, overrides, START)).isEqualTo(ShareType.CONDITIONAL);
        assertThat(EmergencyOverride.effectiveShareType(marriages, overrides, END.minusSeconds(1))).isEqualTo(ShareType.CONDITIONAL);
        assertThat(EmergencyOverride.effectiveShareType(marriages, overrides, END)).isEqualTo(ShareType.NONE);
        // lifted early: it ends then
        List<EmergencyOverride> lifted = List.of(flood(Optional.of(local("2026-07-25T12:00"))));
        assertThat(EmergencyOverride.effectiveShareType(marriages, lifted, local("2026-07-25T11:59"))).isEqualTo(ShareType.CONDITIONAL);
        assertThat(EmergencyOverride.effectiveShareType(marriages, lifted, local("2026-07-25T12:00"))).isEqualTo(ShareType.NONE);
    }

    @Test
    void onlyOpensAndOnlyForAStatedTimeAndReason()
    {
        assertThatThrownBy(() -> new EmergencyOverride("EO-2", "XT-SC-0001", ShareType.UNCONDITIONAL, ShareType.CONDITIONAL, "x", "bureau.li", START, END,
                Optional.empty(), Optional.empty()))
                .hasMessage("An emergency override only opens an entry: XT-SC-0001 is unconditional in the catalog, so conditional is no change upward");
        assertThatThrownBy(() -> new EmergencyOverride("EO-2", "XT-MZ-0002", ShareType.NONE, ShareType.CONDITIONAL, "x", "bureau.li", END, START,
                Optional.empty(), Optional.empty()))
                .hasMessageStartingWith("An emergency override must end after it starts");
        assertThatThrownBy(() -> new EmergencyOverride("EO-2", "XT-MZ-0002", ShareType.NONE, ShareType.CONDITIONAL, " ", "bureau.li", START, END,
                Optional.empty(), Optional.empty()))
                .hasMessage("An emergency override must state the emergency it serves (Art. 23)");
    }

    private static EmergencyOverride flood(Optional<Instant> lifted)
    {
        return new EmergencyOverride("EO-1", "XT-MZ-0002", ShareType.NONE, ShareType.CONDITIONAL, "特大暴雨抢险救灾", "bureau.li", START, END,
                lifted, lifted.map(time -> "bureau.li"));
    }
}
