package io.pdlake.share;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.catalog.ShareType;
import io.pdlake.serve.ShareGrant;
import io.pdlake.serve.ShareGrants;
import io.pdlake.testing.ProjectFiles;
import io.pdlake.testing.TestingLake;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static io.pdlake.share.TestShareDeadlines.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestShareDesk
{
    @TempDir
    Path directory;

    @Test
    void requestsGrantsRevocationsAndOverridesLandInTheLakeAndTheAuditLog()
    {
        TestingLake.Lake lake = TestingLake.create(directory);
        ShareDesk desk = new ShareDesk(lake.spark(), ResourceCatalog.load(ProjectFiles.schemas()), WorkingCalendar.load(ProjectFiles.root().resolve("conf/calendar")), 365, 30);

        // conditional: review, reply (the grant), delivery, revoke
        ShareRequest request = desk.submit("rsj", "XT-GA-0001", "社会保险参保资格核验", local("2026-11-02T09:00"), "rsj.wang");
        assertThat(request.shareType()).isEqualTo(ShareType.CONDITIONAL);
        assertThat(request.provider()).isEqualTo("gongan");
        desk.review(request.requestId(), Decision.approve(local("2026-11-03T09:00"), "bureau.li"));
        ShareRequest replied = desk.reply(request.requestId(), Decision.approve(local("2026-11-09T09:00"), "gongan.zhao"), Optional.of(LocalDate.parse("2027-06-30")));
        List<ShareGrant> grants = new ShareGrants(lake.spark()).all();
        assertThat(grants).singleElement().satisfies(grant -> {
            assertThat(grant.department()).isEqualTo("rsj");
            assertThat(grant.resourceCode()).isEqualTo("XT-GA-0001");
            assertThat(grant.purpose()).isEqualTo("社会保险参保资格核验");
            assertThat(grant.expiresAt()).isEqualTo(local("2027-07-01T00:00"));
            assertThat(grant.activeAt(local("2026-11-10T00:00"))).isTrue();
        });
        assertThat(replied.expiresAt()).contains(local("2027-07-01T00:00"));
        desk.deliver(request.requestId(), local("2026-11-10T09:00"), "bureau.li", Optional.empty());
        ShareRequest stored = desk.requests().get(0);
        assertThat(stored).isEqualTo(desk.requests().get(0));
        assertThat(stored.state()).isEqualTo(ShareState.DELIVERED);
        // replied on the 9th, due the 10th (3 November + 5 working days): on time; delivered next day
        assertThat(desk.steps(stored, LocalDate.parse("2026-11-30"))).extracting(StepDeadline::status)
                .containsExactly(SlaStatus.ON_TIME, SlaStatus.ON_TIME, SlaStatus.ON_TIME);
        desk.revoke(request.requestId(), local("2026-11-20T09:00"), "bureau.li", "超出申请用途使用 (Art. 25)");
        assertThat(new ShareGrants(lake.spark()).all()).singleElement().satisfies(grant -> assertThat(grant.activeAt(local("2026-11-21T00:00"))).isFalse());
        assertThat(desk.requests().get(0).state()).isEqualTo(ShareState.REVOKED);

        // refusals: not shared, refused by the provider with its reason, a second reply
        assertThatThrownBy(() -> desk.submit("rsj", "XT-MZ-0002", "核验", local("2026-11-02T09:00"), "rsj.wang"))
                .hasMessageStartingWith("XT-MZ-0002 (婚姻登记信息) is not shared (Art. 23, legal basis:");
        ShareRequest second = desk.submit("wjw", "XT-GA-0001", "出生医学证明核验", local("2026-11-02T09:00"), "wjw.chen");
        desk.review(second.requestId(), Decision.approve(local("2026-11-02T15:00"), "bureau.li"));
        desk.reply(second.requestId(), Decision.refuse(local("2026-11-04T09:00"), "gongan.zhao", "申请字段超出履职所需"), Optional.empty());
        assertThat(desk.requests()).filteredOn(candidate -> candidate.requestId().equals(second.requestId())).singleElement()
                .satisfies(refused -> assertThat(refused.state()).isEqualTo(ShareState.REFUSED));
        assertThatThrownBy(() -> desk.reply(second.requestId(), Decision.approve(local("2026-11-05T09:00"), "gongan.zhao"), Optional.empty()))
                .hasMessageContaining("it is refused, not awaiting-reply");
        assertThat(new ShareGrants(lake.spark()).all()).hasSize(1);

        // an emergency override opens the not-shared entry for requests, until it lapses
        assertThatThrownBy(() -> desk.declareOverride("XT-MZ-0002", ShareType.CONDITIONAL, "特大暴雨抢险救灾", "bureau.li", local("2026-07-20T08:00"), local("2026-09-20T08:00")))
                .hasMessageStartingWith("An emergency override is temporary: at most 30 days");
        EmergencyOverride flood = desk.declareOverride("XT-MZ-0002", ShareType.CONDITIONAL, "特大暴雨抢险救灾", "bureau.li", local("2026-07-20T08:00"), local("2026-08-03T08:00"));
        assertThat(desk.submit("rsj", "XT-MZ-0002", "受灾群众救助核验", local("2026-07-21T09:00"), "rsj.wang").shareType()).isEqualTo(ShareType.CONDITIONAL);
        assertThatThrownBy(() -> desk.submit("rsj", "XT-MZ-0002", "受灾群众救助核验", local("2026-08-03T08:00"), "rsj.wang")).hasMessageContaining("is not shared");
        assertThat(desk.liftOverride(flood.overrideId(), local("2026-07-25T08:00"), "bureau.li").liftedAt()).contains(local("2026-07-25T08:00"));
        assertThatThrownBy(() -> desk.liftOverride(flood.overrideId(), local("2026-07-26T08:00"), "bureau.li")).hasMessageContaining("is not active");

        // every act is in the audit log, with who, what, when and why
        List<Row> audit = lake.spark().sql("SELECT action, actor, subject, reason FROM meta.audit_log ORDER BY at, action").collectAsList();
        assertThat(audit).extracting(row -> row.getString(0)).containsExactlyInAnyOrder(
                "share-request", "share-review", "share-reply", "grant", "share-delivery", "revoke",
                "share-request", "share-review", "share-refusal",
                "override", "share-request", "override-lift");
        assertThat(audit).filteredOn(row -> row.getString(0).equals("share-refusal")).singleElement()
                .satisfies(row -> assertThat(row.getString(3)).isEqualTo("申请字段超出履职所需"));
        assertThat(audit).filteredOn(row -> row.getString(0).equals("revoke")).singleElement()
                .satisfies(row -> {
                    assertThat(row.getString(1)).isEqualTo("bureau.li");
                    assertThat(row.getString(2)).isEqualTo(request.requestId());
                });
    }
}
