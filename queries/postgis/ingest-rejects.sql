-- title: Rows an ingest rejected
-- dialect: postgis
-- description: The rows an `ingest sources --on-error skip` left out, as its rejects file has them (line, the row's text, the field, the reason), stored with the load in its transaction: of the latest such ingest, or of the ingest given. With --format csv the output is the rejects file again.
-- param: ingest integer>=1 optional: the ingest's id (the ingests table; default the latest ingest that rejected rows)
-- example: permitwatch query ingest-rejects --format csv --output rejects.csv
--
-- The PostGIS version of queries/ingest-rejects.sql: the same name, parameters and columns, and the same rows
-- (Tests/PostGISStoreTests/CatalogDialectTests runs both on the same data and compares them).
SELECT r.line, r.row, r.field, r.reason
FROM ingest_rejects AS r
WHERE r.ingest_id = coalesce(:ingest::bigint, (SELECT max(id) FROM ingests WHERE rejected > 0))
ORDER BY r.line
