-- title: Sources
-- description: Every current source with its status, register details and areas, optionally of one status or in one area (the full export).
-- param: status status optional: only sources with this status (permitted, registered, rectifying, special, unlicensed, or in Chinese)
-- param: area area optional: only sources in this prefecture, county, town or grid
-- geometry: geometry
-- example: permitwatch query sources --param status=unlicensed --format geojson --output unlicensed.geojson
SELECT s.source_id, s.name, s.status, s.status_date, s.deadline, s.category, s.industry, s.uscc,
       s.prefecture_code, s.county_code, s.town_code, s.grid_code, s.cell_ix, s.cell_iy, s.placement,
       s.lon, s.lat, s.geometry
FROM sources AS s
WHERE s.removed_on IS NULL
  AND (:status IS NULL OR s.status = :status)
  AND (:area IS NULL OR :area IN (s.prefecture_code, s.county_code, s.town_code, s.grid_code))
ORDER BY s.id
