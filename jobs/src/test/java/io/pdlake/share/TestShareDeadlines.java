package io.pdlake.share;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.ShareType;
import io.pdlake.testing.ProjectFiles;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestShareDeadlines
{
    private static final ShareDeadlines DEADLINES = new ShareDeadlines(WorkingCalendar.load(ProjectFiles.root().resolve("conf/calendar")));

    @Test
    void unconditionalDeliveryIsDueThreeWorkingDaysAfterReceiptAcrossAWeekend()
    {
        // received Friday 2026-11-27: Monday, Tuesday, Wednesday
        ShareRequest request = unconditional("2026-11-27T10:00");
        assertThat(DEADLINES.steps(request, LocalDate.parse("2026-11-27"))).containsExactly(
                notRequired(ShareStep.REVIEW), notRequired(ShareStep.REPLY),
                new StepDeadline(ShareStep.DELIVERY, Optional.of(LocalDate.parse("2026-12-02")), Optional.empty(), SlaStatus.PENDING));
        // received on a Sunday: the Sunday does not count, the deadline is the same Wednesday
        assertThat(delivery(unconditional("2026-11-29T09:00"), "2026-11-29").due()).contains(LocalDate.parse("2026-12-02"));
        assertThat(delivery(unconditional("2026-11-27T10:00"), "2026-12-02").status()).isEqualTo(SlaStatus.PENDING);
        assertThat(delivery(unconditional("2026-11-27T10:00"), "2026-12-03").status()).isEqualTo(SlaStatus.OVERDUE);
        assertThat(delivery(unconditional("2026-11-27T10:00").delivered(local("2026-12-02T17:59"), "bureau.li", Optional.of("g"), Optional.of(local("2027-01-01T00:00"))), "2026-12-09"))
                .isEqualTo(new StepDeadline(ShareStep.DELIVERY, Optional.of(LocalDate.parse("2026-12-02")), Optional.of(LocalDate.parse("2026-12-02")), SlaStatus.ON_TIME));
        assertThat(delivery(unconditional("2026-11-27T10:00").delivered(local("2026-12-03T08:00"), "bureau.li", Optional.of("g"), Optional.of(local("2027-01-01T00:00"))), "2026-12-09")
                .status()).isEqualTo(SlaStatus.LATE);
    }

    @Test
    void holidaysDoNotCountAndMakeUpWorkingDaysDo()
    {
        // National Day: 1-7 October off; the 8th and 9th count, and so does Saturday the 10th, a make-up working day
        assertThat(delivery(unconditional("2026-09-30T16:00"), "2026-09-30").due()).contains(LocalDate.parse("2026-10-10"));
        // Spring Festival: Saturday 14 February is a make-up working day, 15-23 February off
        assertThat(delivery(unconditional("2026-02-13T16:00"), "2026-02-13").due()).contains(LocalDate.parse("2026-02-25"));
    }

    @Test
    void receiptIsTheCitysDateNotUtcs()
    {
        // 17:30 UTC on Thursday 26 November is 01:30 on Friday the 27th in Xingtai: received on the Friday
        ShareRequest request = ShareRequest.submit("SR-1", "rsj", "XT-SC-0001", "scjg", ShareType.UNCONDITIONAL, "核验", Instant.parse("2026-11-26T17:30:00Z"), "rsj.wang");
        assertThat(delivery(request, "2026-11-27").due()).contains(LocalDate.parse("2026-12-02"));
    }

    @Test
    void conditionalStepsChainFromTheDayEachPreviousStepWasDone()
    {
        // received Thursday 30 April; 1-5 May off: review due Friday 8 May
        ShareRequest submitted = conditional("2026-04-30T11:00");
        List<StepDeadline> waiting = DEADLINES.steps(submitted, LocalDate.parse("2026-05-06"));
        assertThat(waiting.get(0)).isEqualTo(new StepDeadline(ShareStep.REVIEW, Optional.of(LocalDate.parse("2026-05-08")), Optional.empty(), SlaStatus.PENDING));
        // the reply's deadline is not known until the review is done
        assertThat(waiting.get(1)).isEqualTo(new StepDeadline(ShareStep.REPLY, Optional.empty(), Optional.empty(), SlaStatus.PENDING));
        assertThat(DEADLINES.steps(submitted, LocalDate.parse("2026-05-09")).get(0).status()).isEqualTo(SlaStatus.OVERDUE);

        // reviewed on its due day; reply due 5 working days later, Saturday 9 May being a make-up working day
        ShareRequest reviewed = submitted.reviewed(Decision.approve(local("2026-05-08T16:00"), "bureau.li"));
        List<StepDeadline> afterReview = DEADLINES.steps(reviewed, LocalDate.parse("2026-05-12"));
        assertThat(afterReview.get(0).status()).isEqualTo(SlaStatus.ON_TIME);
        assertThat(afterReview.get(1)).isEqualTo(new StepDeadline(ShareStep.REPLY, Optional.of(LocalDate.parse("2026-05-14")), Optional.empty(), SlaStatus.PENDING));

        // replied a day late; delivery due 3 working days after the reply
        ShareRequest replied = reviewed.replied(Decision.approve(local("2026-05-15T10:00"), "gongan.zhao"), Optional.of("grant-1"), Optional.of(local("2027-05-16T00:00")));
        List<StepDeadline> afterReply = DEADLINES.steps(replied, LocalDate.parse("2026-05-21"));
        assertThat(afterReply.get(1).status()).isEqualTo(SlaStatus.LATE);
        assertThat(afterReply.get(2)).isEqualTo(new StepDeadline(ShareStep.DELIVERY, Optional.of(LocalDate.parse("2026-05-20")), Optional.empty(), SlaStatus.OVERDUE));
        assertThat(DEADLINES.breached(replied, LocalDate.parse("2026-05-21"))).isTrue();
        assertThat(DEADLINES.breached(reviewed, LocalDate.parse("2026-05-12"))).isFalse();
    }

    @Test
    void aRefusalEndsTheStepsAfterIt()
    {
        ShareRequest refusedAtReview = conditional("2026-11-02T09:00").reviewed(Decision.refuse(local("2026-11-03T09:00"), "bureau.li", "用途与职责无关"));
        assertThat(DEADLINES.steps(refusedAtReview, LocalDate.parse("2026-12-01"))).extracting(StepDeadline::status)
                .containsExactly(SlaStatus.ON_TIME, SlaStatus.NOT_REQUIRED, SlaStatus.NOT_REQUIRED);
        ShareRequest refusedByProvider = conditional("2026-11-02T09:00").reviewed(Decision.approve(local("2026-11-03T09:00"), "bureau.li"))
                .replied(Decision.refuse(local("2026-11-06T09:00"), "gongan.zhao", "超出法定共享范围"), Optional.empty(), Optional.empty());
        assertThat(DEADLINES.steps(refusedByProvider, LocalDate.parse("2026-12-01"))).extracting(StepDeadline::status)
                .containsExactly(SlaStatus.ON_TIME, SlaStatus.ON_TIME, SlaStatus.NOT_REQUIRED);
    }

    @Test
    void aDeadlineInAYearTheCalendarLacksIsAnErrorNotAGuess()
    {
        assertThatThrownBy(() -> DEADLINES.steps(unconditional("2026-12-30T09:00"), LocalDate.parse("2026-12-30")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conf/calendar has no file for 2027");
    }

    private static StepDeadline delivery(ShareRequest request, String asOf)
    {
        return DEADLINES.steps(request, LocalDate.parse(asOf)).get(2);
    }

    private static StepDeadline notRequired(ShareStep step)
    {
        return new StepDeadline(step, Optional.empty(), Optional.empty(), SlaStatus.NOT_REQUIRED);
    }

    static ShareRequest unconditional(String submitted)
    {
        return ShareRequest.submit("SR-1", "rsj", "XT-SC-0001", "scjg", ShareType.UNCONDITIONAL, "参保单位登记核验", local(submitted), "rsj.wang");
    }

    static ShareRequest conditional(String submitted)
    {
        return ShareRequest.submit("SR-2", "rsj", "XT-GA-0001", "gongan", ShareType.CONDITIONAL, "社会保险参保资格核验", local(submitted), "rsj.wang");
    }

    static Instant local(String dateTime)
    {
        return LocalDateTime.parse(dateTime).atZone(WorkingCalendar.ZONE).toInstant();
    }
}
