-- theme: 人力资源和社会保障 human resources and social security (Art. 19)
-- Insured persons and contribution bases by district (from the ID number's region code) and insurance kind.
SELECT substr(s.id_number, 1, 6) AS region_code,
       s.insurance_kind,
       count(DISTINCT s.id_number) AS insured_persons,
       count_if(p.confirmed) AS confirmed_by_public_security,
       round(avg(s.monthly_base), 2) AS average_monthly_base
FROM raw.social_insurance_enrolment s
LEFT JOIN base.person p ON p.id_number = s.id_number
GROUP BY substr(s.id_number, 1, 6), s.insurance_kind
