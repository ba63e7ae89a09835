-- title: Unlicensed sources in an area
-- dialect: postgis
-- description: The current unlicensed sources of one area of any level (prefecture, county, town or administrative grid), with their areas, grid officer, square-grid cell and position, by town, grid and source.
-- param: area area required: a prefecture, county, town or grid code (e.g. 4401, 440103, 440103001, 440103001002)
-- geometry: geometry
-- example: permitwatch query unlicensed-in-area --param area=440103001 --format csv --excel
--
-- The PostGIS version of queries/unlicensed-in-area.sql: the same name, parameters and columns, and the same rows
-- (Tests/PostGISStoreTests/CatalogDialectTests runs both on the same data and compares them).
SELECT
    s.source_id, s.name, s.uscc, s.industry, s.status, s.status_date,
    s.prefecture_code, s.prefecture_name,
    s.county_code, s.county_name,
    s.town_code, s.town_name,
    s.grid_code, s.grid_name, s.officer, s.officer_phone,
    s.cell_ix || '_' || s.cell_iy AS cell,
    s.lon, s.lat, s.placement,
    s.geometry
FROM sources_named AS s
WHERE s.status = 'unlicensed' AND s.removed_on IS NULL
  AND :area::text IN (s.prefecture_code, s.county_code, s.town_code, s.grid_code)
ORDER BY s.town_code COLLATE "C" NULLS FIRST, s.grid_code COLLATE "C" NULLS FIRST, s.source_id COLLATE "C"
