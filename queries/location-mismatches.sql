-- title: Sources outside their declared area
-- description: Current sources whose point lies outside the area their register declares (a 行政区划代码/区划代码 column, or --declared-area-field): the declared code and the loaded area it names, where the point was placed, and the geodesic distance in metres from the point to the declared area (empty when no loaded area has that code), farthest first. These are the geocoding errors an inspector would otherwise drive to.
-- param: area area optional: only sources placed in this prefecture, county, town or grid
-- geometry: geometry
-- example: permitwatch query location-mismatches --format csv --output mismatches.csv
WITH declared AS MATERIALIZED (
    SELECT id, rtrim(upper(trim(code)), '0') AS key,
           CASE level WHEN 'prefecture' THEN 0 WHEN 'county' THEN 1 WHEN 'town' THEN 2 ELSE 3 END AS rank
    FROM areas
)
SELECT s.source_id, s.name, s.status,
       s.declared_area_code, d.level AS declared_level, d.code AS declared_code, d.name AS declared_name,
       CAST(round(ST_Distance(s.geometry, d.geometry, 1)) AS INTEGER) AS distance_m,
       s.prefecture_code, s.prefecture_name, s.county_code, s.county_name, s.town_code, s.town_name,
       s.grid_code, s.placement, s.lon, s.lat, s.geometry
FROM sources_named s
LEFT JOIN areas d ON d.id = (
    SELECT k.id FROM declared k
    WHERE k.key = rtrim(upper(trim(s.declared_area_code)), '0')
    ORDER BY k.rank LIMIT 1)
WHERE s.location_mismatch = 1 AND s.removed_on IS NULL
  AND (:area IS NULL OR :area IN (s.prefecture_code, s.county_code, s.town_code, s.grid_code))
ORDER BY distance_m IS NULL, distance_m DESC, s.source_id
