-- An enterprise's full profile by unified social credit code: identity, licences, credit records.
SELECT e.uscc, e.name, e.type, e.legal_representative, e.registered_capital, e.established_on, e.address, e.status, e.confirmed,
       (SELECT count(*) FROM base.license l WHERE l.holder_key = e.uscc) AS licences,
       (SELECT count(*) FROM base.credit c WHERE c.subject_key = e.uscc) AS credit_records,
       (SELECT array_join(array_agg(c.content), '、') FROM base.credit c WHERE c.subject_key = e.uscc) AS credit_contents
FROM base.legal_entity e
WHERE e.uscc = '${uscc}'
