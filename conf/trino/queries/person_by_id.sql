-- A person by citizen ID number; non-admin roles see personal columns masked.
SELECT id_number, name, sex, birth_date, household_address, residence_address, phone, confirmed, source_departments
FROM base.person
WHERE id_number = '${id_number}'
