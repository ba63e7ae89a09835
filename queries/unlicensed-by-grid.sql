-- title: Unlicensed sources by enforcement grid
-- description: Current unlicensed sources counted per administrative grid (grid=admin, with its officer) or per square-grid cell (grid=square, code IX_IY), with town, county and prefecture, most first; grids with none are omitted.
-- param: grid choice+admin+square default admin: admin (the imported grids) or square (the square grid the sources were assigned with)
-- param: prefecture area optional: only sources of this prefecture (e.g. 4401)
-- param: county area optional: only sources of this county (e.g. 440103)
-- param: town area optional: only sources of this town (e.g. 440103001)
-- geometry: geometry
-- example: permitwatch query unlicensed-by-grid --param grid=square --param county=440103 --format geojson
--
-- admin: lon/lat is the centroid of the grid polygon, geometry the grid polygon, the town the
-- grid's parent. square: lon/lat is the centre of the cell, geometry the cell (a square in
-- metres of the database's metric CRS (`settings.metric_crs`; EPSG:4547 for Guangdong),
-- `settings.cell_size` wide, cell IX_IY spanning x from IX*size to
-- (IX+1)*size), the town the one holding most of the cell's unlicensed sources that are in a town
-- (lowest code on a tie); grid_name, officer and officer_phone are NULL.
WITH unlicensed AS (
    SELECT grid_code, town_code, cell_ix, cell_iy
    FROM sources
    WHERE status = 'unlicensed' AND removed_on IS NULL
      AND (:prefecture IS NULL OR prefecture_code = :prefecture)
      AND (:county IS NULL OR county_code = :county)
      AND (:town IS NULL OR town_code = :town)
),
by_grid AS (
    SELECT grid_code, count(*) AS unlicensed
    FROM unlicensed
    WHERE lower(:grid) = 'admin' AND grid_code IS NOT NULL
    GROUP BY grid_code
),
by_cell_town AS (
    SELECT cell_ix, cell_iy, town_code, count(*) AS n
    FROM unlicensed
    WHERE lower(:grid) = 'square' AND cell_ix IS NOT NULL
    GROUP BY cell_ix, cell_iy, town_code
),
by_cell AS (
    SELECT cell_ix, cell_iy, sum(n) AS unlicensed, min(main_town) AS town_code
    FROM (
        SELECT cell_ix, cell_iy, n, first_value(town_code) OVER (
                   PARTITION BY cell_ix, cell_iy ORDER BY town_code IS NULL, n DESC, town_code) AS main_town
        FROM by_cell_town)
    GROUP BY cell_ix, cell_iy
),
cell_size AS (
    SELECT coalesce((SELECT CAST(value AS REAL) FROM settings WHERE key = 'cell_size'), 1000.0) AS size,
           (SELECT value FROM settings WHERE key = 'metric_crs_proj') AS proj
),
cells AS MATERIALIZED (
    -- The PROJ definitions of the metric CRS (stored beside it) and of EPSG:4326 given inline:
    -- a PROJ string needs no SRID, and with SRIDs alone SpatiaLite looks both up for every
    -- cell, 7 times slower.
    SELECT b.*, ST_Transform(BuildMbr(b.cell_ix * z.size, b.cell_iy * z.size,
                                      (b.cell_ix + 1) * z.size, (b.cell_iy + 1) * z.size, 0), 4326, NULL,
                             z.proj, '+proj=longlat +datum=WGS84 +no_defs') AS geometry,
           z.size * z.size / 1e6 AS area_km2
    FROM by_cell b, cell_size z
)
SELECT * FROM (
    SELECT 'admin' AS grid, g.code AS grid_code, g.name AS grid_name, g.officer, g.officer_phone,
           p.code AS prefecture_code, p.name AS prefecture_name,
           c.code AS county_code, c.name AS county_name,
           t.code AS town_code, t.name AS town_name,
           b.unlicensed, round(g.area_km2, 3) AS area_km2,
           round(ST_X(ST_Centroid(g.geometry)), 6) AS lon, round(ST_Y(ST_Centroid(g.geometry)), 6) AS lat,
           g.geometry
    FROM by_grid b
    LEFT JOIN areas g ON g.level = 'grid' AND g.code = b.grid_code
    LEFT JOIN areas t ON t.level = 'town' AND t.code = g.parent_code
    LEFT JOIN areas c ON c.level = 'county' AND c.code = t.parent_code
    LEFT JOIN areas p ON p.level = 'prefecture' AND p.code = c.parent_code
    UNION ALL
    SELECT 'square', k.cell_ix || '_' || k.cell_iy, NULL, NULL, NULL,
           p.code, p.name, c.code, c.name, t.code, t.name,
           k.unlicensed, round(k.area_km2, 3),
           round(ST_X(ST_Centroid(k.geometry)), 6), round(ST_Y(ST_Centroid(k.geometry)), 6),
           k.geometry
    FROM cells k
    LEFT JOIN areas t ON t.level = 'town' AND t.code = k.town_code
    LEFT JOIN areas c ON c.level = 'county' AND c.code = t.parent_code
    LEFT JOIN areas p ON p.level = 'prefecture' AND p.code = c.parent_code
)
ORDER BY unlicensed DESC, grid_code
