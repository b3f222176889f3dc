-- A person by citizen ID number, for every role. id_number is masked for all but the admin, and a
-- mask applies before WHERE, so the lookup goes by lookup_key: `pdlake lookup-key ID` prints it.
SELECT id_number, name, sex, birth_date, household_address, residence_address, phone, confirmed, source_departments
FROM base.person
WHERE lookup_key = '${lookup_key}'
