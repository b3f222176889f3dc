-- Delivery status per department: files, rows, rejects and the latest freshness verdicts.
SELECT b.department, count(*) AS files, sum(b.rows_read) AS rows_read, sum(b.rows_rejected) AS rows_rejected,
       max(b.ingested_at) AS last_delivery,
       (SELECT count(*) FROM quality.freshness f
        WHERE f.department = b.department AND f.status IN ('overdue', 'never-delivered')
          AND f.run_id = (SELECT max(run_id) FROM quality.freshness)) AS overdue_entries
FROM meta.feed_batches b
WHERE b.resource_code IS NOT NULL
GROUP BY b.department
ORDER BY b.department
