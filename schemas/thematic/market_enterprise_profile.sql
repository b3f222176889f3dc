-- theme: 市场监管 market supervision (Art. 19)
-- One row per legal entity: identity from base.legal_entity, with its licences and credit records.
-- No personal columns: every department may read thematic tables.
-- Each row is computed from the rows of its USCC alone: a change to a few source rows MERGEs only their USCCs' rows.
-- key: uscc (base.legal_entity.uscc, base.license.holder_key, base.credit.subject_key)
SELECT e.uscc,
       e.name,
       e.type,
       e.status,
       e.registered_capital,
       e.established_on,
       substr(e.uscc, 3, 6) AS region_code,
       e.confirmed,
       coalesce(l.licences, 0) AS licences,
       l.latest_licence_valid_until,
       coalesce(c.credit_records, 0) AS credit_records,
       coalesce(c.penalties, 0) AS penalties,
       c.latest_rating
FROM base.legal_entity e
LEFT JOIN (SELECT holder_key, count(*) AS licences, max(valid_until) AS latest_licence_valid_until
           FROM base.license GROUP BY holder_key) l ON l.holder_key = e.uscc
LEFT JOIN (SELECT subject_key, count(*) AS credit_records,
                  count_if(content IN ('警告', '罚款', '没收违法所得', '责令停产停业')) AS penalties,
                  max_by(rating, decided_on) AS latest_rating
           FROM base.credit GROUP BY subject_key) c ON c.subject_key = e.uscc
