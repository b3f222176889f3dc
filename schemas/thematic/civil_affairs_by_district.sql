-- theme: 民政 civil affairs (Art. 19)
-- Social organisations and subsistence-allowance recipients by district.
SELECT region_code,
       sum(social_organizations) AS social_organizations,
       sum(allowance_recipients) AS allowance_recipients,
       sum(allowance_total) AS monthly_allowance_total
FROM (
  SELECT substr(uscc, 3, 6) AS region_code, 1 AS social_organizations, 0 AS allowance_recipients, CAST(0 AS DECIMAL(14,2)) AS allowance_total
  FROM base.legal_entity WHERE uscc LIKE '5%'
  UNION ALL
  SELECT substr(id_number, 1, 6), 0, 1, monthly_amount FROM raw.subsistence_allowance
)
GROUP BY region_code
