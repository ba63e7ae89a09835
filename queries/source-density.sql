-- title: Source density
-- description: Current sources counted per square of cell_km kilometres (in the database's metric CRS), placed at the mean position of the square's sources, with the unlicensed among them; for maps at province scale.
-- param: cell_km integer>=1 default 10: the side of a square, in kilometres
-- param: status status optional: only sources with this status (permitted, registered, rectifying, special, unlicensed, or in Chinese)
-- param: prefecture area optional: only sources of this prefecture (e.g. 4401)
-- geometry: geometry
-- example: permitwatch query source-density --param cell_km=20 --param status=unlicensed --format geojson
--
-- x and y are metres of the database's metric CRS (EPSG:4547 for Guangdong); an Albers conic's
-- are negative west and south of its centre, so the square is the floor, not the cast's
-- truncation towards zero.
--
-- The mean position is summed in whole micro-degrees (exact integer sums) and divided once:
-- a mean of doubles depends on the order and method of the summing, which differ between
-- databases, and rounding it to six decimals could then come out one unit apart.
SELECT cell, sources, unlicensed, lon, lat, MakePoint(lon, lat, 4326) AS geometry
FROM (
    SELECT
        CAST(floor(x / (:cell_km * 1000.0)) AS INTEGER) || '_' || CAST(floor(y / (:cell_km * 1000.0)) AS INTEGER) AS cell,
        count(*) AS sources,
        sum(status = 'unlicensed') AS unlicensed,
        round(CAST(sum(CAST(round(lon * 1000000) AS INTEGER)) AS REAL) / count(*)) / 1000000 AS lon,
        round(CAST(sum(CAST(round(lat * 1000000) AS INTEGER)) AS REAL) / count(*)) / 1000000 AS lat
    FROM sources
    WHERE removed_on IS NULL
      AND :cell_km > 0
      AND (:status IS NULL OR status = :status)
      AND (:prefecture IS NULL OR prefecture_code = :prefecture)
    GROUP BY CAST(floor(x / (:cell_km * 1000.0)) AS INTEGER), CAST(floor(y / (:cell_km * 1000.0)) AS INTEGER)
)
ORDER BY cell
