package io.pdlake.serve;

import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.catalog.ShareType;
import io.pdlake.share.EmergencyOverride;
import io.pdlake.testing.ProjectFiles;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TestAccessRules
{
    private static final AccessRules RULES = new AccessRules(ResourceCatalog.load(ProjectFiles.schemas()), "lake", "admin");
    private static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");

    @Test
    void aConditionalEntryNeedsAnActiveGrantAndIsMasked()
    {
        assertThat(rule("rsj", "raw", "household_registration")).isEmpty();
        ShareGrant grant = new ShareGrant("rsj", "XT-GA-0001", "参保资格核验", NOW.minusSeconds(60), NOW.plusSeconds(3600), Optional.empty());
        Map<String, Object> granted = rule(RULES.rules(List.of(grant), List.of(), NOW), "rsj", "raw", "household_registration").orElseThrow();
        assertThat(granted.get("privileges")).isEqualTo(List.of("SELECT"));
        assertThat(String.valueOf(granted.get("columns"))).contains("id_number", "********");
        // expired or revoked: gone
        assertThat(rule(RULES.rules(List.of(grant), List.of(), NOW.plusSeconds(3600)), "rsj", "raw", "household_registration")).isEmpty();
        ShareGrant revoked = new ShareGrant("rsj", "XT-GA-0001", "参保资格核验", NOW.minusSeconds(60), NOW.plusSeconds(3600), Optional.of(NOW.minusSeconds(1)));
        assertThat(rule(RULES.rules(List.of(revoked), List.of(), NOW), "rsj", "raw", "household_registration")).isEmpty();
    }

    @Test
    void anEmergencyOverrideCountsUntilItLapses()
    {
        EmergencyOverride flood = new EmergencyOverride("EO-1", "XT-MZ-0002", ShareType.NONE, ShareType.UNCONDITIONAL, "特大暴雨抢险救灾", "bureau.li",
                NOW.minusSeconds(3600), NOW.plusSeconds(3600), Optional.empty(), Optional.empty());
        assertThat(rule("rsj", "raw", "marriage_registration")).isEmpty();
        assertThat(rule(RULES.rules(List.of(), List.of(flood), NOW), "rsj", "raw", "marriage_registration(\\$.*)?")).isPresent();
        assertThat(rule(RULES.rules(List.of(), List.of(flood), NOW.plusSeconds(3600)), "rsj", "raw", "marriage_registration(\\$.*)?")).isEmpty();
    }

    @Test
    void theAuditLogIsAppendOnlyAndFilteredToTheDepartment()
    {
        Map<String, Object> audit = rule("gongan", "meta", "audit_log").orElseThrow();
        assertThat(audit.get("privileges")).isEqualTo(List.of("SELECT", "INSERT"));
        assertThat(audit.get("filter")).isEqualTo("department = 'gongan'");
        assertThat(rule("gongan", "meta", "audit_log\\$.*").orElseThrow().get("privileges")).isEqualTo(List.of());
    }

    private static Optional<Map<String, Object>> rule(String user, String schema, String table)
    {
        return rule(RULES.rules(List.of(), List.of(), NOW), user, schema, table);
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> rule(Map<String, Object> rules, String user, String schema, String table)
    {
        return ((List<Map<String, Object>>) rules.get("tables")).stream()
                .filter(rule -> AccessRules.userPattern(user).equals(rule.get("user")) && schema.equals(rule.get("schema")) && table.equals(rule.get("table")))
                .findFirst();
    }
}
