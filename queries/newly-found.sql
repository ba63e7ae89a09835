-- title: Newly found unlicensed sources
-- description: Sources found discharging without permit or registration during an ISO week (discovered, or new in a snapshot, as unlicensed), with their current status, areas, grid officer and position, by date.
-- param: week isoweek required: the ISO week, e.g. 2020-W40 (Monday to Sunday)
-- param: area area optional: only sources of this prefecture, county, town or grid
-- geometry: geometry
-- example: permitwatch query newly-found --param week=2020-W40 --format csv
SELECT
    e.date AS found_on, e.kind,
    s.source_id, s.name, s.uscc, s.industry,
    s.status AS current_status, s.status_date, s.removed_on,
    s.prefecture_code, s.prefecture_name,
    s.county_code, s.county_name,
    s.town_code, s.town_name,
    s.grid_code, s.grid_name, s.officer, s.officer_phone,
    s.lon, s.lat,
    s.geometry
FROM events e
JOIN sources_named s ON s.source_id = e.source_id
WHERE e.date BETWEEN :week_start AND :week_end
  AND e.kind IN ('discovered', 'new') AND e.status = 'unlicensed'
  AND (:area IS NULL OR :area IN (s.prefecture_code, s.county_code, s.town_code, s.grid_code))
ORDER BY e.date, s.source_id, e.id
