-- title: Newly found unlicensed sources
-- dialect: postgis
-- description: Sources found discharging without permit or registration during an ISO week (discovered, or new in a snapshot, as unlicensed), with their current status, areas, grid officer and position, by date.
-- param: week isoweek required: the ISO week, e.g. 2020-W40 (Monday to Sunday)
-- param: area area optional: only sources of this prefecture, county, town or grid
-- geometry: geometry
-- example: permitwatch query newly-found --param week=2020-W40 --format csv
--
-- The PostGIS version of queries/newly-found.sql: the same name, parameters and columns, and the same rows
-- (Tests/PostGISStoreTests/CatalogDialectTests runs both on the same data and compares them).
SELECT
    e.date AS found_on, e.kind,
    s.source_id, s.name, s.uscc, s.industry,
    s.status AS current_status, s.status_date, s.removed_on,
    s.prefecture_code, s.prefecture_name,
    s.county_code, s.county_name,
    s.town_code, s.town_name,
    s.grid_code, s.grid_name, s.officer, s.officer_phone,
    s.lon, s.lat,
    s.geometry
FROM events AS e
JOIN sources_named AS s ON s.source_id = e.source_id
WHERE e.date BETWEEN :week_start::text AND :week_end::text
  AND e.kind IN ('discovered', 'new') AND e.status = 'unlicensed'
  AND (:area::text IS NULL OR :area::text IN (s.prefecture_code, s.county_code, s.town_code, s.grid_code))
ORDER BY e.date, s.source_id COLLATE "C", e.id
