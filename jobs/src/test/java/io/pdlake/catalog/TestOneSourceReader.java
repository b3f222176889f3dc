package io.pdlake.catalog;

import io.pdlake.testing.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-number-one-source checks of {@code pdlake catalog validate}, run through
 * {@link CatalogReader} on a copy of the shipped schemas/ with one-source.yaml or a catalog file
 * broken on purpose.
 */
class TestOneSourceReader
{
    @TempDir
    Path temporary;

    @Test
    void readsTheShippedRules()
    {
        OneSourceRules rules = ResourceCatalog.load(ProjectFiles.schemas()).oneSource();
        assertThat(rules.bases()).containsOnlyKeys("person", "legal_entity", "license", "credit", "spatial");
        OneSourceRules.BaseRule person = rules.base("person").orElseThrow();
        assertThat(person.qualifiedTable()).isEqualTo("base.person");
        assertThat(person.authority()).isEqualTo("gongan");
        assertThat(person.key()).containsExactly("person.id_number");
        assertThat(person.element("person.name")).contains(new OneSourceRules.ElementRule("person.name", "gongan", List.of("rsj", "mzj", "wjw", "shuiwu_group", "ranqi")));
        assertThat(person.allElements()).startsWith("person.id_number", "person.name");
        assertThat(rules.base("credit").orElseThrow().key()).containsExactly("credit.subject_key", "credit.record_id");
        assertThat(rules.base("credit").orElseThrow().element("credit.rating").orElseThrow().authority()).isEqualTo("shuiwu");
        assertThat(rules.base("legal_entity").orElseThrow().overrides()).containsExactly(new OneSourceRules.AuthorityOverride("legal_entity.uscc", "5", "mzj"));
    }

    @Test
    void reportsEveryElementRuleProblemWithFileAndElement()
            throws IOException
    {
        Path schemas = copySchemas();
        Path water = schemas.resolve("catalog/shuiwu_group/water_account.yaml");
        Files.writeString(water, Files.readString(water).replace("element: person.phone", "element: person.Phone"));
        Path gas = schemas.resolve("catalog/ranqi/gas_account.yaml");
        Files.writeString(gas, Files.readString(gas).replace("element: person.phone", "element: person.Phone"));
        editRules(schemas, rules -> rules
                .replace("      person.sex: {authority: gongan, fallback: [rsj]}\n", "      person.sex: {authority: police, fallback: [rsj]}\n")
                .replace("      person.ethnicity: {authority: gongan}\n", "      person.ethnicity: {authority: gongan, fallback: [nobody]}\n"
                        + "      person.shoe_size: {authority: gongan}\n"
                        + "      person.id_number: {authority: gongan}\n")
                .replace("      person.birth_date: {authority: gongan}\n", "      person.birth_date: {authority: [gongan, wjw]}\n")
                .replace("      person.phone: {authority: gongan, fallback: [shuiwu_group, ranqi]}\n", "      person.Phone: {authority: gongan, fallback: [gongan, ranqi]}\n")
                .replace("      legal_entity.status: {authority: scjg}\n", "      legal_entity.status: {authority: scjg}\n      license.colour: {authority: scjg}\n")
                .replace("{element: license.number, prefix: \"SC-\", authority: scjg}", "{element: license.name, prefix: \"SC-\", authority: scjg}")
                .replace("{element: license.number, prefix: \"WJ-\", authority: wjw}", "{element: license.number, prefix: \"\", authority: wjw}")
                .replace("{element: license.number, prefix: \"ZR-\", authority: zrzy}", "{element: license.number, prefix: \"ZR-\", authority: land}"));

        List<String> problems = problems(schemas);

        assertThat(problems).contains(
                "schemas/one-source.yaml: bases.person.elements.person.sex.authority: unknown department police",
                "schemas/one-source.yaml: bases.person.elements.person.ethnicity.fallback: unknown department nobody",
                "schemas/one-source.yaml: bases.person.elements.person.shoe_size: unknown element person.shoe_size: no catalog field carries it",
                "schemas/one-source.yaml: bases.person.elements.person.id_number: element person.id_number has two authoritative sources",
                "schemas/one-source.yaml: bases.person.elements.person.birth_date.authority: element person.birth_date has two authoritative sources",
                "schemas/one-source.yaml: bases.person.elements.person.Phone: element person.Phone does not make a safe column name",
                "schemas/one-source.yaml: bases.person.elements.person.Phone.fallback: the authority gongan cannot also be a fallback",
                "schemas/one-source.yaml: bases.legal_entity.elements.license.colour: element license.colour does not belong to base legal_entity",
                "schemas/one-source.yaml: bases.license.overrides[0].element: an override must test a key element of license, not license.name",
                "schemas/one-source.yaml: bases.license.overrides[1].prefix: required value is missing",
                "schemas/one-source.yaml: bases.license.overrides[2].authority: unknown department land");
        assertThat(problems).hasSize(11);
    }

    @Test
    void reportsEveryBaseProblemWithFileAndBase()
            throws IOException
    {
        Path schemas = copySchemas();
        editRules(schemas, rules -> rules
                .replace("    table: legal_entity\n", "    table: Legal-Entity\n")
                .replace("    authority: scjg\n", "    authority: amr\n")
                .replace("    authority: xzsp\n", "")
                .replace("    key: [spatial.parcel_code]\n", "    key: []\n")
                .replace("    key: [credit.subject_key, credit.record_id]\n", "    key: [credit.subject_key, credit.record_id, credit.record_id]\n")
                + "  vehicle:\n    table: vehicle\n    authority: gongan\n    key: [person.id_number]\n");

        List<String> problems = problems(schemas);

        assertThat(problems).contains(
                "schemas/one-source.yaml: bases.legal_entity.table: table Legal-Entity is not a safe SQL identifier",
                "schemas/one-source.yaml: bases.legal_entity.authority: unknown department amr",
                "schemas/one-source.yaml: bases.license.authority: required value is missing",
                "schemas/one-source.yaml: bases.spatial.key: a base needs at least one key element",
                "schemas/one-source.yaml: bases.credit.key: element credit.record_id has two authoritative sources",
                "schemas/one-source.yaml: bases.vehicle: unknown base database vehicle (person, legal_entity, spatial, license, credit)",
                "schemas/one-source.yaml: bases.vehicle.key: element person.id_number does not belong to base vehicle",
                "schemas/one-source.yaml: bases.vehicle.key: element person.id_number has two authoritative sources",
                // with no key rule, the first catalog field that carries the parcel code names an unknown element
                "schemas/catalog/zrzy/land_parcel.yaml: fields.parcel_code.element: unknown element spatial.parcel_code: one-source.yaml has no rule for it");
        assertThat(problems).hasSize(9);
    }

    @Test
    void rulesMustBeAMappingOfBases()
            throws IOException
    {
        Path schemas = copySchemas();
        Files.writeString(schemas.resolve("one-source.yaml"), "bases: [person, legal_entity]\n");
        assertThat(problems(schemas)).contains("schemas/one-source.yaml: bases: must be a mapping of base database to rules");
    }

    @Test
    void catalogFieldsMustAgreeWithTheRules()
            throws IOException
    {
        Path schemas = copySchemas();
        Path water = schemas.resolve("catalog/shuiwu_group/water_account.yaml");
        Files.writeString(water, Files.readString(water)
                .replace("  element: person.name\n  required: true\n", "  element: person.name\n  required: true\n  authoritative: true\n")
                .replace("  type: string\n  element: person.phone\n", "  type: integer\n  element: person.phone\n"));
        Path commitment = schemas.resolve("catalog/xinyong/credit_commitment.yaml");
        // an element without its base prefix, on a field that claims authority
        Files.writeString(commitment, Files.readString(commitment).replace("element: credit.content", "element: content"));
        Path allowance = schemas.resolve("catalog/mzj/subsistence_allowance.yaml");
        Files.writeString(allowance, Files.readString(allowance).replace("  type: decimal(10,2)\n", "  type: decimal(10,2)\n  element: person.income\n"));

        List<String> problems = problems(schemas);

        assertThat(problems).contains(
                "schemas/catalog/shuiwu_group/water_account.yaml: fields.name.authoritative: element person.name has two authoritative sources: "
                        + "shuiwu_group here and gongan in schemas/one-source.yaml",
                "schemas/catalog/shuiwu_group/water_account.yaml: fields.phone.type: element person.phone is integer here but string in schemas/catalog/ranqi/gas_account.yaml",
                "schemas/catalog/xinyong/credit_commitment.yaml: fields.commitment_kind.element: unknown element content: one-source.yaml has no rule for it",
                "schemas/catalog/mzj/subsistence_allowance.yaml: fields.monthly_amount.element: unknown element person.income: one-source.yaml has no rule for it");
        assertThat(problems).hasSize(4);
    }

    @Test
    void reportsUnknownKeysInTheRules()
            throws IOException
    {
        // a misspelt fallback or authority would otherwise be dropped in silence and change which value wins
        Path schemas = copySchemas();
        editRules(schemas, rules -> rules
                .replace("person.household_address: {authority: gongan, fallback: [mzj]}", "person.household_address: {authority: gongan, fallbacks: [mzj]}")
                .replace("    name: 人口基础库\n", "    title: 人口基础库\n")
                .replace("{element: legal_entity.uscc, prefix: \"5\", authority: mzj}", "{element: legal_entity.uscc, starts_with: \"5\", prefix: \"5\", authority: mzj}")
                + "version: 2\n");

        assertThat(problems(schemas)).containsExactlyInAnyOrder(
                "schemas/one-source.yaml: version: unknown key version",
                "schemas/one-source.yaml: bases.person.title: unknown key title",
                "schemas/one-source.yaml: bases.person.elements.person.household_address.fallbacks: unknown key fallbacks",
                "schemas/one-source.yaml: bases.legal_entity.overrides[0].starts_with: unknown key starts_with");
    }

    private Path copySchemas()
    {
        Path schemas = temporary.resolve("schemas");
        ProjectFiles.copyTree(ProjectFiles.schemas(), schemas);
        return schemas;
    }

    private static void editRules(Path schemas, java.util.function.UnaryOperator<String> edit)
            throws IOException
    {
        Path file = schemas.resolve("one-source.yaml");
        String before = Files.readString(file);
        String after = edit.apply(before);
        assertThat(after).as("the edit changed the rules").isNotEqualTo(before);
        Files.writeString(file, after);
    }

    private static List<String> problems(Path schemas)
    {
        return new CatalogReader().read(schemas).problems().stream().map(ValidationProblem::toString).toList();
    }
}
