-- title: Unlicensed sources by town
-- dialect: postgis
-- description: Current unlicensed sources counted per town, with the town's county and prefecture, most first (towns with none are omitted, so are sources in no town).
-- param: prefecture area optional: only towns of this prefecture (e.g. 4401)
-- param: county area optional: only towns of this county (e.g. 440103)
-- geometry: geometry
-- example: permitwatch query unlicensed-by-town --param prefecture=4401 --format csv
--
-- The PostGIS version of queries/unlicensed-by-town.sql: the same name, parameters and columns, and the same rows
-- (Tests/PostGISStoreTests/CatalogDialectTests runs both on the same data and compares them).
WITH counted AS (
    SELECT town_code, count(*) AS unlicensed
    FROM sources
    WHERE status = 'unlicensed' AND removed_on IS NULL AND town_code IS NOT NULL
      AND (:prefecture::text IS NULL OR prefecture_code = :prefecture::text)
      AND (:county::text IS NULL OR county_code = :county::text)
    GROUP BY town_code
)
SELECT
    p.code AS prefecture_code, p.name AS prefecture_name,
    c.code AS county_code, c.name AS county_name,
    n.town_code, t.name AS town_name,
    n.unlicensed,
    round(t.area_km2::numeric, 3)::float8 AS area_km2,
    round((n.unlicensed / t.area_km2)::numeric, 4)::float8 AS unlicensed_per_km2,
    round(ST_X(ST_Centroid(t.geometry))::numeric, 6)::float8 AS lon, round(ST_Y(ST_Centroid(t.geometry))::numeric, 6)::float8 AS lat,
    t.geometry
FROM counted AS n
LEFT JOIN areas AS t ON t.level = 'town' AND t.code = n.town_code
LEFT JOIN areas AS c ON c.level = 'county' AND c.code = t.parent_code
LEFT JOIN areas AS p ON p.level = 'prefecture' AND p.code = c.parent_code
ORDER BY n.unlicensed DESC, n.town_code COLLATE "C"
