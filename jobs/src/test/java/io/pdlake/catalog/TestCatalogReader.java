package io.pdlake.catalog;

import io.pdlake.testing.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestCatalogReader
{
    @TempDir
    Path temporary;

    @Test
    void shippedCatalogIsValidAndCoversTheRegulationsScope()
    {
        CatalogReader.Result result = new CatalogReader().read(ProjectFiles.schemas());
        assertThat(result.problems()).isEmpty();
        ResourceCatalog catalog = result.catalog();
        assertThat(catalog.entries()).hasSizeGreaterThanOrEqualTo(20);
        Set<String> providers = catalog.entries().stream().map(CatalogEntry::department).collect(Collectors.toSet());
        assertThat(providers).hasSizeGreaterThanOrEqualTo(10)
                .contains("gongan", "scjg", "shuiwu", "rsj", "mzj", "wjw", "zrzy", "xzsp", "xinyong", "shuiwu_group", "gongdian");
        assertThat(catalog.entries().stream().map(CatalogEntry::base).collect(Collectors.toCollection(() -> EnumSet.noneOf(BaseDatabase.class))))
                .containsAll(EnumSet.of(BaseDatabase.PERSON, BaseDatabase.LEGAL_ENTITY, BaseDatabase.SPATIAL, BaseDatabase.LICENSE, BaseDatabase.CREDIT));
        assertThat(catalog.entries().stream().map(CatalogEntry::format).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(FeedFormat.CSV, FeedFormat.JSONL, FeedFormat.PARQUET);
        assertThat(catalog.entries().stream().map(CatalogEntry::encoding).collect(Collectors.toSet())).contains("UTF-8", "GBK", "GB18030");
        assertThat(catalog.entries()).anyMatch(entry -> !entry.region().equals("130500"));
        assertThat(catalog.entries()).anyMatch(entry -> entry.sourceType() == SourceType.PURCHASED && entry.approvalReference().isPresent());
        assertThat(catalog.entries()).anyMatch(entry -> entry.sourceType() == SourceType.VERTICAL);
    }

    @Test
    void readsAnEntryCompletely()
    {
        CatalogEntry entry = ResourceCatalog.load(ProjectFiles.schemas()).entry("XT-GA-0001").orElseThrow();
        assertThat(entry.name()).isEqualTo("户籍人口基本信息");
        assertThat(entry.department()).isEqualTo("gongan");
        assertThat(entry.subjectKey()).isEqualTo(new SubjectKey(KeyKind.ID_NUMBER, "id_number"));
        assertThat(entry.shareType()).isEqualTo(ShareType.CONDITIONAL);
        assertThat(entry.shareLegalBasis()).isPresent();
        assertThat(entry.updateCycle()).isEqualTo(UpdateCycle.DAILY);
        assertThat(entry.encoding()).isEqualTo("GBK");
        CatalogField idNumber = entry.field("id_number").orElseThrow();
        assertThat(idNumber.column()).isEqualTo("公民身份号码");
        assertThat(idNumber.type()).isEqualTo(FieldType.of(FieldType.Kind.ID_NUMBER));
        assertThat(idNumber.sensitive()).isEqualTo(SensitiveClass.SENSITIVE_PERSONAL);
        assertThat(idNumber.authoritative()).isTrue();
        assertThat(entry.openReview()).isEmpty();
        assertThat(ResourceCatalog.load(ProjectFiles.schemas()).entry("XT-SC-0001").orElseThrow().openReview())
                .contains(new OpenReview(java.time.LocalDate.parse("2026-10-15"), "市数据局保密审查小组", "邢数审〔2026〕12号"));
    }

    @Test
    void reportsEveryProblemWithFileAndField()
            throws IOException
    {
        Path schemas = temporary.resolve("schemas");
        ProjectFiles.copyTree(ProjectFiles.schemas(), schemas);
        Path household = schemas.resolve("catalog/gongan/household_registration.yaml");
        String text = Files.readString(household)
                .replace("department: gongan", "department: nobody")
                .replace("type: date", "type: datetime")
                .replace("  legal_basis: 《中华人民共和国居民身份证法》第十九条；《河北省公共数据管理办法》\n", "")
                .replace("update_cycle: daily", "update_cycle: fortnightly")
                .replace("  field: id_number", "  field: citizen_id")
                .replace("table: household_registration", "table: household-registration")
                .replace("- name: ethnicity", "- name: Ethnicity; DROP TABLE x");
        Files.writeString(household, text);
        Path permit = schemas.resolve("catalog/gongan/resident_permit.yaml");
        Files.writeString(permit, Files.readString(permit).replace("code: XT-GA-0002", "code: XT-SC-0001"));
        Path purchased = schemas.resolve("catalog/xinyong/enterprise_credit_data.yaml");
        Files.writeString(purchased, Files.readString(purchased).replaceAll("\\n  approval: .*", ""));
        Path license = schemas.resolve("catalog/xzsp/electronic_license.yaml");
        Files.writeString(license, Files.readString(license).replace("    date: 2026-10-15\n", "    date: 2026-13-01\n"));
        Path penalty = schemas.resolve("catalog/xinyong/administrative_penalty.yaml");
        Files.writeString(penalty, Files.readString(penalty).replaceAll("  review:\\n(    .*\\n)+", "  reviewed: true\n"));

        CatalogReader.Result result = new CatalogReader().read(schemas);

        assertThat(result.problems()).extracting(ValidationProblem::toString).contains(
                "schemas/catalog/gongan/household_registration.yaml: department: unknown department nobody (not in departments.yaml)",
                "schemas/catalog/gongan/household_registration.yaml: fields[3].type: bad field type datetime (string, code, integer, decimal(p,s), date, timestamp, boolean, id_number, uscc)",
                "schemas/catalog/gongan/household_registration.yaml: share.legal_basis: share type conditional needs a cited legal basis (Art. 23)",
                "schemas/catalog/gongan/household_registration.yaml: update_cycle: unknown update cycle fortnightly (real-time, daily, weekly, monthly, quarterly, semi-annual, annual, irregular)",
                "schemas/catalog/gongan/household_registration.yaml: subject_key.field: subject key names no field: citizen_id",
                "schemas/catalog/gongan/household_registration.yaml: table: household-registration is not a safe SQL identifier (lower-case letter first, then lower-case letters, digits, _; at most 63)",
                "schemas/catalog/gongan/household_registration.yaml: fields[4].name: Ethnicity; DROP TABLE x is not a safe SQL identifier (lower-case letter first, then lower-case letters, digits, _; at most 63)",
                "schemas/catalog/xinyong/enterprise_credit_data.yaml: source.approval: purchased data needs an approval reference (Art. 16)",
                "schemas/catalog/xzsp/electronic_license.yaml: open.review.date: review date 2026-13-01 is not yyyy-MM-dd",
                "schemas/catalog/xinyong/administrative_penalty.yaml: open.reviewed: record the confidentiality review as open.review with date, by and reference (Art. 28), not a flag");
        assertThat(result.problems()).anySatisfy(problem -> {
            assertThat(problem.field()).isEqualTo("code");
            assertThat(problem.message()).startsWith("duplicate catalog code XT-SC-0001, also in");
        });
        assertThatThrownBy(() -> ResourceCatalog.load(schemas))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("unknown department nobody");
    }

    @Test
    void oneSourceRulesAreRequiredOnceAnEntryFeedsABaseDatabase()
            throws IOException
    {
        Path schemas = temporary.resolve("schemas");
        ProjectFiles.copyTree(ProjectFiles.schemas(), schemas);
        Files.delete(schemas.resolve("one-source.yaml"));
        assertThat(new CatalogReader().read(schemas).problems()).extracting(ValidationProblem::toString).containsExactly(
                "schemas/one-source.yaml: one-source rules file is missing, but catalog entries feed base databases (XT-GA-0001 feeds person)");

        // a catalog whose entries feed no base database has nothing to consolidate and needs no rules
        try (java.util.stream.Stream<Path> files = Files.walk(schemas.resolve("catalog"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(file, Files.readString(file).replaceFirst("(?m)^base: .*$", "base: none"));
            }
        }
        CatalogReader.Result withoutBases = new CatalogReader().read(schemas);
        assertThat(withoutBases.problems()).isEmpty();
        assertThat(withoutBases.catalog().oneSource().bases()).isEmpty();
    }

    @Test
    void reportsBrokenYamlAndMissingDepartments()
            throws IOException
    {
        Path schemas = temporary.resolve("broken");
        Files.createDirectories(schemas.resolve("catalog"));
        Files.writeString(schemas.resolve("catalog/bad.yaml"), "code: [unclosed\n");
        CatalogReader.Result result = new CatalogReader().read(schemas);
        assertThat(result.problems()).extracting(ValidationProblem::toString)
                .anyMatch(text -> text.startsWith("broken/departments.yaml: departments file is missing"))
                .anyMatch(text -> text.startsWith("broken/catalog/bad.yaml: cannot parse YAML"));
    }
}
