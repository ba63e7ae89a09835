-- title: A source's history
-- dialect: postgis
-- description: Every event of one source in date order: kind, status before and after, deadline, what a field record says (an inspection's result, officer and note, JSON), the ingest or field write that recorded it with its author (a token's name) and time, and the register columns kept as its attributes (JSON).
-- param: source_id code required: the source's id (e.g. GD0000001)
-- example: permitwatch query source-history --param source_id=GD0000001
--
-- The PostGIS version of queries/source-history.sql: the same name, parameters and columns, and the same rows
-- (Tests/PostGISStoreTests/CatalogDialectTests runs both on the same data and compares them).
SELECT
    e.source_id, s.name, e.date, e.kind,
    (SELECT b.status FROM events AS b
     WHERE b.source_id = e.source_id AND b.status IS NOT NULL
       AND (b.date < e.date OR (b.date = e.date AND b.id < e.id))
     ORDER BY b.date DESC, b.id DESC LIMIT 1) AS previous_status,
    e.status, e.deadline, e.details,
    e.ingest_id, i.kind AS ingest_kind, i.file AS ingest_file, i.author, i.at AS recorded_at, s.attributes
FROM events AS e
LEFT JOIN sources AS s ON s.source_id = e.source_id
LEFT JOIN ingests AS i ON i.id = e.ingest_id
WHERE e.source_id = :source_id::text
ORDER BY e.date, e.id
