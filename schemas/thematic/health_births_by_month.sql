-- theme: 卫生健康 health (Art. 19)
-- Birth medical certificates per month and district of the mother, and licensed medical institutions.
SELECT 'births' AS measure,
       date_format(born_on, 'yyyy-MM') AS period,
       substr(mother_id_number, 1, 6) AS region_code,
       count(*) AS count
FROM raw.birth_certificate
GROUP BY date_format(born_on, 'yyyy-MM'), substr(mother_id_number, 1, 6)
UNION ALL
SELECT 'licensed_medical_institutions', date_format(issued_on, 'yyyy'), substr(holder_uscc, 3, 6), count(*)
FROM raw.medical_institution
GROUP BY date_format(issued_on, 'yyyy'), substr(holder_uscc, 3, 6)
