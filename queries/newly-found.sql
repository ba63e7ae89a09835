-- title: Newly found unlicensed sources
-- description: Sources found discharging without permit or registration during an ISO week (discovered, or new in a snapshot, as unlicensed), with their current status, areas, grid officer and position, by date.
-- param: week isoweek required: the ISO week, e.g. 2020-W40 (Monday to Sunday)
-- param: area code optional: only sources of this prefecture, county, town or grid
-- geometry: geometry
-- example: permitwatch query newly-found --param week=2020-W40 --format csv
SELECT
    e.date AS found_on, e.kind,
    s.source_id, s.name, s.uscc, s.industry,
    s.status AS current_status, s.status_date, s.removed_on,
    s.prefecture_code, p.name AS prefecture_name,
    s.county_code, c.name AS county_name,
    s.town_code, t.name AS town_name,
    s.grid_code, g.name AS grid_name, g.officer, g.officer_phone,
    s.lon, s.lat,
    s.geometry
FROM events e
JOIN sources s ON s.source_id = e.source_id
LEFT JOIN area_names p ON p.level = 'prefecture' AND p.code = s.prefecture_code
LEFT JOIN area_names c ON c.level = 'county' AND c.code = s.county_code
LEFT JOIN area_names t ON t.level = 'town' AND t.code = s.town_code
LEFT JOIN area_names g ON g.level = 'grid' AND g.code = s.grid_code
WHERE e.date BETWEEN :week_start AND :week_end
  AND e.kind IN ('discovered', 'new') AND e.status = 'unlicensed'
  AND (:area IS NULL OR :area IN (s.prefecture_code, s.county_code, s.town_code, s.grid_code))
ORDER BY e.date, s.source_id, e.id
