-- title: Sources near a point
-- description: Current sources within a radius of a point, nearest first, with the distance in metres (in the database's metric CRS), their areas and grid officer.
-- param: at point required: the point, as lon,lat (WGS-84)
-- param: radius real>0 default 2000: search radius in metres
-- param: status status optional: only sources with this status (permitted, registered, rectifying, special, unlicensed, or in Chinese)
-- geometry: geometry
-- example: permitwatch query sources-near --param at=113.26,23.13 --param radius=2000 --param status=unlicensed
--
-- The R*Tree is searched with a degree box around the point: r metres are less than r/100000
-- degrees of latitude and r/(100000 cos(lat)) of longitude (taken at the box's edge farthest
-- from the equator), which is about 10% generous; the exact test is then on x/y. The distance
-- is given to the decimetre (what a metric CRS's metres are good for); the order is the exact one.
SELECT
    s.source_id, s.name, s.status, s.status_date, s.deadline,
    round(sqrt((s.x - :at_x) * (s.x - :at_x) + (s.y - :at_y) * (s.y - :at_y)), 1) AS distance_m,
    s.prefecture_code, s.prefecture_name,
    s.county_code, s.county_name,
    s.town_code, s.town_name,
    s.grid_code, s.grid_name, s.officer, s.officer_phone,
    s.lon, s.lat,
    s.geometry
FROM sources_named s
WHERE s.id IN (
        SELECT pkid FROM idx_sources_geometry
        WHERE ymin <= :at_lat + :radius / 100000.0
          AND ymax >= :at_lat - :radius / 100000.0
          AND xmin <= :at_lon + :radius / (100000.0 * cos(radians(min(abs(:at_lat) + :radius / 100000.0, 89.0))))
          AND xmax >= :at_lon - :radius / (100000.0 * cos(radians(min(abs(:at_lat) + :radius / 100000.0, 89.0)))))
  AND s.removed_on IS NULL
  AND (:status IS NULL OR s.status = :status)
  AND (s.x - :at_x) * (s.x - :at_x) + (s.y - :at_y) * (s.y - :at_y) <= :radius * :radius
ORDER BY (s.x - :at_x) * (s.x - :at_x) + (s.y - :at_y) * (s.y - :at_y), s.source_id
