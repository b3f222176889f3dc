-- theme: 应急指挥 emergency command (Art. 19)
-- Registered population and operating enterprises per district, with their names.
WITH districts (region_code, district) AS (
  VALUES ('130502', '襄都区'), ('130503', '信都区'), ('130505', '任泽区'), ('130506', '南和区'), ('130522', '临城县'),
         ('130523', '内丘县'), ('130524', '柏乡县'), ('130525', '隆尧县'), ('130528', '宁晋县'), ('130529', '巨鹿县'),
         ('130533', '威县'), ('130581', '南宫市'), ('130582', '沙河市')
)
SELECT d.region_code,
       d.district,
       coalesce(p.population, 0) AS registered_population,
       coalesce(p.aged_65_and_over, 0) AS aged_65_and_over,
       coalesce(e.operating_enterprises, 0) AS operating_enterprises
FROM districts d
LEFT JOIN (SELECT substr(id_number, 1, 6) AS region_code, count(*) AS population,
                  count_if(birth_date <= add_months(current_date(), -12 * 65)) AS aged_65_and_over
           FROM base.person WHERE confirmed GROUP BY substr(id_number, 1, 6)) p ON p.region_code = d.region_code
LEFT JOIN (SELECT substr(uscc, 3, 6) AS region_code, count(*) AS operating_enterprises
           FROM base.legal_entity WHERE status = '存续' GROUP BY substr(uscc, 3, 6)) e ON e.region_code = d.region_code
