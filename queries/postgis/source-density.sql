-- title: Source density
-- dialect: postgis
-- description: Current sources counted per square of cell_km kilometres (in the database's metric CRS), placed at the mean position of the square's sources, with the unlicensed among them; for maps at province scale.
-- param: cell_km integer>=1 default 10: the side of a square, in kilometres
-- param: status status optional: only sources with this status (permitted, registered, rectifying, special, unlicensed, or in Chinese)
-- param: prefecture area optional: only sources of this prefecture (e.g. 4401)
-- geometry: geometry
-- example: permitwatch query source-density --param cell_km=20 --param status=unlicensed --format geojson
--
-- The PostGIS version of queries/source-density.sql: the same name, parameters and columns, and the same rows
-- (Tests/PostGISStoreTests/CatalogDialectTests runs both on the same data and compares them).
SELECT cell, sources, unlicensed, lon, lat, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS geometry FROM (
SELECT
    floor(x / (:cell_km::float8 * 1000.0))::bigint || '_' || floor(y / (:cell_km::float8 * 1000.0))::bigint AS cell,
    count(*) AS sources,
    count(*) FILTER (WHERE status = 'unlicensed') AS unlicensed,
    -- As in the SpatiaLite version: the mean of whole micro-degrees, summed exactly.
    (round(sum(round(lon * 1000000)::bigint)::numeric / count(*)) / 1000000)::float8 AS lon,
    (round(sum(round(lat * 1000000)::bigint)::numeric / count(*)) / 1000000)::float8 AS lat
FROM sources
WHERE removed_on IS NULL
  AND :cell_km::bigint > 0
  AND (:status::text IS NULL OR status = :status::text)
  AND (:prefecture::text IS NULL OR prefecture_code = :prefecture::text)
GROUP BY floor(x / (:cell_km::float8 * 1000.0))::bigint, floor(y / (:cell_km::float8 * 1000.0))::bigint
) AS squares
ORDER BY cell COLLATE "C"
