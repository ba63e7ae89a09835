-- title: Sources not inspected since a date
-- dialect: postgis
-- description: Current sources with no inspection on or after a date, never-inspected first then the longest uninspected, with their last inspection, status, areas, grid officer and position.
-- param: since date required: an inspection on or after this day counts
-- param: status status+all optional: only sources with this status, or all for every status; without it the enforcement targets (unlicensed and rectifying)
-- param: area area optional: only sources of this prefecture, county, town or grid
-- geometry: geometry
-- example: permitwatch query uninspected-since --param since=2020-07-01 --param area=440103
--
-- The PostGIS version of queries/uninspected-since.sql: the same name, parameters and columns, and the same rows
-- (Tests/PostGISStoreTests/CatalogDialectTests runs both on the same data and compares them).
WITH candidates AS MATERIALIZED (
    SELECT s.id,
           (SELECT max(e.date) FROM events AS e WHERE e.source_id = s.source_id AND e.kind = 'inspected') AS last_inspected
    FROM sources_named AS s
    WHERE s.removed_on IS NULL
      AND (CASE WHEN :status::text IS NULL THEN s.status IN ('unlicensed', 'rectifying')
                WHEN :status::text = 'all' THEN true
                ELSE s.status = :status::text END)
      AND (:area::text IS NULL OR :area::text IN (s.prefecture_code, s.county_code, s.town_code, s.grid_code))
)
SELECT
    s.source_id, s.name, s.uscc, s.industry, s.status, s.status_date, s.deadline,
    k.last_inspected,
    s.prefecture_code, s.prefecture_name,
    s.county_code, s.county_name,
    s.town_code, s.town_name,
    s.grid_code, s.grid_name, s.officer, s.officer_phone,
    s.lon, s.lat,
    s.geometry
FROM candidates AS k
JOIN sources_named AS s ON s.id = k.id
WHERE k.last_inspected IS NULL OR k.last_inspected < :since::text
ORDER BY k.last_inspected IS NOT NULL, k.last_inspected, s.source_id COLLATE "C"
