-- title: Unlicensed sources by town
-- description: Current unlicensed sources counted per town, with the town's county and prefecture, most first (towns with none are omitted, so are sources in no town).
-- param: prefecture area optional: only towns of this prefecture (e.g. 4401)
-- param: county area optional: only towns of this county (e.g. 440103)
-- geometry: geometry
-- example: permitwatch query unlicensed-by-town --param prefecture=4401 --format csv
--
-- lon/lat: the centroid of the town polygon; geometry: the town polygon.
WITH counted AS (
    SELECT town_code, count(*) AS unlicensed
    FROM sources
    WHERE status = 'unlicensed' AND removed_on IS NULL AND town_code IS NOT NULL
      AND (:prefecture IS NULL OR prefecture_code = :prefecture)
      AND (:county IS NULL OR county_code = :county)
    GROUP BY town_code
)
SELECT
    p.code AS prefecture_code, p.name AS prefecture_name,
    c.code AS county_code, c.name AS county_name,
    n.town_code, t.name AS town_name,
    n.unlicensed,
    round(t.area_km2, 3) AS area_km2,
    round(n.unlicensed / t.area_km2, 4) AS unlicensed_per_km2,
    round(ST_X(ST_Centroid(t.geometry)), 6) AS lon, round(ST_Y(ST_Centroid(t.geometry)), 6) AS lat,
    t.geometry
FROM counted n
LEFT JOIN areas t ON t.level = 'town' AND t.code = n.town_code
LEFT JOIN areas c ON c.level = 'county' AND c.code = t.parent_code
LEFT JOIN areas p ON p.level = 'prefecture' AND p.code = c.parent_code
ORDER BY n.unlicensed DESC, n.town_code
