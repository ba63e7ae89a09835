-- title: Sources in a box
-- description: Current sources inside a longitude/latitude box (edges included), with their areas and grid officer, by source id.
-- param: bbox bbox required: minlon,minlat,maxlon,maxlat (WGS-84)
-- param: status text optional: only sources with this status (permitted, registered, rectifying, special, unlicensed)
-- geometry: geometry
-- example: permitwatch query sources-in-bbox --param bbox=113.25,23.10,113.35,23.19 --param status=unlicensed --format geojson
SELECT
    s.source_id, s.name, s.uscc, s.industry, s.status, s.status_date, s.deadline,
    s.prefecture_code, p.name AS prefecture_name,
    s.county_code, c.name AS county_name,
    s.town_code, t.name AS town_name,
    s.grid_code, g.name AS grid_name, g.officer, g.officer_phone,
    s.lon, s.lat,
    s.geometry
FROM sources s
LEFT JOIN area_names p ON p.level = 'prefecture' AND p.code = s.prefecture_code
LEFT JOIN area_names c ON c.level = 'county' AND c.code = s.county_code
LEFT JOIN area_names t ON t.level = 'town' AND t.code = s.town_code
LEFT JOIN area_names g ON g.level = 'grid' AND g.code = s.grid_code
WHERE s.id IN (
        SELECT pkid FROM idx_sources_geometry
        WHERE xmin <= :bbox_maxlon AND xmax >= :bbox_minlon
          AND ymin <= :bbox_maxlat AND ymax >= :bbox_minlat)
  -- The R*Tree holds 32-bit bounds rounded outwards: the exact test keeps the edges exact.
  AND s.lon BETWEEN :bbox_minlon AND :bbox_maxlon
  AND s.lat BETWEEN :bbox_minlat AND :bbox_maxlat
  AND s.removed_on IS NULL
  AND (:status IS NULL OR s.status = :status)
ORDER BY s.source_id
