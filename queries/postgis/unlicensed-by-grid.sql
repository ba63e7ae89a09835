-- title: Unlicensed sources by enforcement grid
-- dialect: postgis
-- description: Current unlicensed sources counted per administrative grid (grid=admin, with its officer) or per square-grid cell (grid=square, code IX_IY), with town, county and prefecture, most first; grids with none are omitted.
-- param: grid choice+admin+square default admin: admin (the imported grids) or square (the square grid the sources were assigned with)
-- param: prefecture area optional: only sources of this prefecture (e.g. 4401)
-- param: county area optional: only sources of this county (e.g. 440103)
-- param: town area optional: only sources of this town (e.g. 440103001)
-- geometry: geometry
-- example: permitwatch query unlicensed-by-grid --param grid=square --param county=440103 --format geojson
--
-- The PostGIS version of queries/unlicensed-by-grid.sql: the same name, parameters and columns, and the same rows
-- (Tests/PostGISStoreTests/CatalogDialectTests runs both on the same data and compares them).
WITH unlicensed AS (
    SELECT grid_code, town_code, cell_ix, cell_iy
    FROM sources
    WHERE status = 'unlicensed' AND removed_on IS NULL
      AND (:prefecture::text IS NULL OR prefecture_code = :prefecture::text)
      AND (:county::text IS NULL OR county_code = :county::text)
      AND (:town::text IS NULL OR town_code = :town::text)
),
by_grid AS (
    SELECT grid_code, count(*) AS unlicensed
    FROM unlicensed
    WHERE lower(:grid::text) = 'admin' AND grid_code IS NOT NULL
    GROUP BY grid_code
),
by_cell_town AS (
    SELECT cell_ix, cell_iy, town_code, count(*) AS n
    FROM unlicensed
    WHERE lower(:grid::text) = 'square' AND cell_ix IS NOT NULL
    GROUP BY cell_ix, cell_iy, town_code
),
by_cell AS (
    SELECT cell_ix, cell_iy, sum(n)::bigint AS unlicensed, min(main_town COLLATE "C") AS town_code
    FROM (
        SELECT cell_ix, cell_iy, n, first_value(town_code) OVER (
                   PARTITION BY cell_ix, cell_iy ORDER BY town_code IS NULL, n DESC, town_code COLLATE "C") AS main_town
        FROM by_cell_town) AS ranked
    GROUP BY cell_ix, cell_iy
),
cell_size AS (
    SELECT coalesce((SELECT value::float8 FROM settings WHERE key = 'cell_size'), 1000.0) AS size,
           (SELECT value FROM settings WHERE key = 'metric_crs_proj') AS proj
),
cells AS MATERIALIZED (
    -- The square as SpatiaLite's BuildMbr rings it (south-west, south-east, north-east,
    -- north-west), taken from the metric CRS's PROJ definition (stored beside it) to WGS-84.
    SELECT b.*, ST_Transform(
               ST_MakePolygon(ST_MakeLine(ARRAY[
                   ST_MakePoint(b.cell_ix * z.size, b.cell_iy * z.size), ST_MakePoint((b.cell_ix + 1) * z.size, b.cell_iy * z.size),
                   ST_MakePoint((b.cell_ix + 1) * z.size, (b.cell_iy + 1) * z.size), ST_MakePoint(b.cell_ix * z.size, (b.cell_iy + 1) * z.size),
                   ST_MakePoint(b.cell_ix * z.size, b.cell_iy * z.size)])),
               z.proj, '+proj=longlat +datum=WGS84 +no_defs') AS geometry,
           z.size * z.size / 1e6 AS area_km2
    FROM by_cell AS b, cell_size AS z
)
SELECT * FROM (
    SELECT 'admin' AS grid, g.code AS grid_code, g.name AS grid_name, g.officer, g.officer_phone,
           p.code AS prefecture_code, p.name AS prefecture_name,
           c.code AS county_code, c.name AS county_name,
           t.code AS town_code, t.name AS town_name,
           b.unlicensed, round(g.area_km2::numeric, 3)::float8 AS area_km2,
           round(ST_X(ST_Centroid(g.geometry))::numeric, 6)::float8 AS lon, round(ST_Y(ST_Centroid(g.geometry))::numeric, 6)::float8 AS lat,
           g.geometry
    FROM by_grid AS b
    LEFT JOIN areas AS g ON g.level = 'grid' AND g.code = b.grid_code
    LEFT JOIN areas AS t ON t.level = 'town' AND t.code = g.parent_code
    LEFT JOIN areas AS c ON c.level = 'county' AND c.code = t.parent_code
    LEFT JOIN areas AS p ON p.level = 'prefecture' AND p.code = c.parent_code
    UNION ALL
    SELECT 'square', k.cell_ix || '_' || k.cell_iy, NULL, NULL, NULL,
           p.code, p.name, c.code, c.name, t.code, t.name,
           k.unlicensed, round(k.area_km2::numeric, 3)::float8,
           round(ST_X(ST_Centroid(k.geometry))::numeric, 6)::float8, round(ST_Y(ST_Centroid(k.geometry))::numeric, 6)::float8,
           k.geometry
    FROM cells AS k
    LEFT JOIN areas AS t ON t.level = 'town' AND t.code = k.town_code
    LEFT JOIN areas AS c ON c.level = 'county' AND c.code = t.parent_code
    LEFT JOIN areas AS p ON p.level = 'prefecture' AND p.code = c.parent_code
) AS rows
ORDER BY unlicensed DESC, grid_code COLLATE "C"
