-- title: Sources outside their declared area
-- dialect: postgis
-- description: Current sources whose point lies outside the area their register declares (a 行政区划代码/区划代码 column, or --declared-area-field): the declared code and the loaded area it names, where the point was placed, and the geodesic distance in metres from the point to the declared area (empty when no loaded area has that code), farthest first. These are the geocoding errors an inspector would otherwise drive to.
-- param: area area optional: only sources placed in this prefecture, county, town or grid
-- geometry: geometry
-- example: permitwatch query location-mismatches --format csv --output mismatches.csv
--
-- The PostGIS version of queries/location-mismatches.sql: the same name, parameters and columns, and the same rows
-- (Tests/PostGISStoreTests/CatalogDialectTests runs both on the same data and compares them).
WITH declared AS MATERIALIZED (
    SELECT id, rtrim(upper(trim(code)), '0') AS key,
           CASE level WHEN 'prefecture' THEN 0 WHEN 'county' THEN 1 WHEN 'town' THEN 2 ELSE 3 END AS rank
    FROM areas
)
SELECT * FROM (
SELECT s.source_id, s.name, s.status,
       s.declared_area_code, d.level AS declared_level, d.code AS declared_code, d.name AS declared_name,
       round(ST_Distance(s.geometry::geography, d.geometry::geography, true))::bigint AS distance_m,
       s.prefecture_code, s.prefecture_name, s.county_code, s.county_name, s.town_code, s.town_name,
       s.grid_code, s.placement, s.lon, s.lat, s.geometry
FROM sources_named AS s
LEFT JOIN areas AS d ON d.id = (
    SELECT k.id FROM declared AS k
    WHERE k.key = rtrim(upper(trim(s.declared_area_code)), '0')
    ORDER BY k.rank, k.id LIMIT 1)
WHERE s.location_mismatch = 1 AND s.removed_on IS NULL
  AND (:area::text IS NULL OR :area::text IN (s.prefecture_code, s.county_code, s.town_code, s.grid_code))
) AS found
ORDER BY distance_m IS NULL, distance_m DESC, source_id COLLATE "C"
