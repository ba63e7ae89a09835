-- title: Sources
-- dialect: postgis
-- description: Every current source with its status, register details and areas, optionally of one status or in one area (the full export).
-- param: status status optional: only sources with this status (permitted, registered, rectifying, special, unlicensed, or in Chinese)
-- param: area area optional: only sources in this prefecture, county, town or grid
-- geometry: geometry
-- example: permitwatch query sources --param status=unlicensed --format geojson --output unlicensed.geojson
--
-- The PostGIS version of queries/sources.sql: the same name, parameters and columns, and the same rows
-- (Tests/PostGISStoreTests/CatalogDialectTests runs both on the same data and compares them).
SELECT s.source_id, s.name, s.status, s.status_date, s.deadline, s.category, s.industry, s.uscc,
       s.prefecture_code, s.county_code, s.town_code, s.grid_code, s.cell_ix, s.cell_iy, s.placement,
       s.lon, s.lat, s.geometry
FROM sources AS s
WHERE s.removed_on IS NULL
  AND (:status::text IS NULL OR s.status = :status::text)
  AND (:area::text IS NULL OR :area::text IN (s.prefecture_code, s.county_code, s.town_code, s.grid_code))
ORDER BY s.id
