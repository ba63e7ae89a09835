-- title: Sources in a box
-- description: Current sources inside a longitude/latitude box (edges included), with their areas and grid officer, by source id.
-- param: bbox bbox required: minlon,minlat,maxlon,maxlat (WGS-84)
-- param: status status optional: only sources with this status (permitted, registered, rectifying, special, unlicensed, or in Chinese)
-- geometry: geometry
-- example: permitwatch query sources-in-bbox --param bbox=113.25,23.10,113.35,23.19 --param status=unlicensed --format geojson
SELECT
    s.source_id, s.name, s.uscc, s.industry, s.status, s.status_date, s.deadline,
    s.prefecture_code, s.prefecture_name,
    s.county_code, s.county_name,
    s.town_code, s.town_name,
    s.grid_code, s.grid_name, s.officer, s.officer_phone,
    s.lon, s.lat,
    s.geometry
FROM sources_named s
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
