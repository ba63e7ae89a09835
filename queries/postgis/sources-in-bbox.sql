-- title: Sources in a box
-- dialect: postgis
-- description: Current sources inside a longitude/latitude box (edges included), with their areas and grid officer, by source id.
-- param: bbox bbox required: minlon,minlat,maxlon,maxlat (WGS-84)
-- param: status status optional: only sources with this status (permitted, registered, rectifying, special, unlicensed, or in Chinese)
-- geometry: geometry
-- example: permitwatch query sources-in-bbox --param bbox=113.25,23.10,113.35,23.19 --param status=unlicensed --format geojson
--
-- The PostGIS version of queries/sources-in-bbox.sql: the same name, parameters and columns, and the same rows
-- (Tests/PostGISStoreTests/CatalogDialectTests runs both on the same data and compares them).
SELECT
    s.source_id, s.name, s.uscc, s.industry, s.status, s.status_date, s.deadline,
    s.prefecture_code, s.prefecture_name,
    s.county_code, s.county_name,
    s.town_code, s.town_name,
    s.grid_code, s.grid_name, s.officer, s.officer_phone,
    s.lon, s.lat,
    s.geometry
FROM sources_named AS s
WHERE s.geometry && ST_MakeEnvelope(:bbox_minlon::float8, :bbox_minlat::float8, :bbox_maxlon::float8, :bbox_maxlat::float8, 4326)
  -- The GiST box test, then the exact one on the stored numbers: the edges are exact.
  AND s.lon BETWEEN :bbox_minlon::float8 AND :bbox_maxlon::float8
  AND s.lat BETWEEN :bbox_minlat::float8 AND :bbox_maxlat::float8
  AND s.removed_on IS NULL
  AND (:status::text IS NULL OR s.status = :status::text)
ORDER BY s.source_id COLLATE "C"
