-- title: Unlicensed sources in an area
-- description: The current unlicensed sources of one area of any level (prefecture, county, town or administrative grid), with their areas, grid officer, square-grid cell and position, by town, grid and source.
-- param: area code required: a prefecture, county, town or grid code (e.g. 4401, 440103, 440103001, 440103001002)
-- geometry: geometry
-- example: permitwatch query unlicensed-in-area --param area=440103001 --format csv --excel
SELECT
    s.source_id, s.name, s.uscc, s.industry, s.status, s.status_date,
    s.prefecture_code, p.name AS prefecture_name,
    s.county_code, c.name AS county_name,
    s.town_code, t.name AS town_name,
    s.grid_code, g.name AS grid_name, g.officer, g.officer_phone,
    s.cell_ix || '_' || s.cell_iy AS cell,
    s.lon, s.lat, s.placement,
    s.geometry
FROM sources s
LEFT JOIN area_names p ON p.level = 'prefecture' AND p.code = s.prefecture_code
LEFT JOIN area_names c ON c.level = 'county' AND c.code = s.county_code
LEFT JOIN area_names t ON t.level = 'town' AND t.code = s.town_code
LEFT JOIN area_names g ON g.level = 'grid' AND g.code = s.grid_code
WHERE s.status = 'unlicensed' AND s.removed_on IS NULL
  AND :area IN (s.prefecture_code, s.county_code, s.town_code, s.grid_code)
ORDER BY s.town_code, s.grid_code, s.source_id
