-- title: Sources near a point
-- description: Current sources within a radius of a point, nearest first, with the distance in metres (as the database's metric CRS measures it: in its plane, or on the ellipsoid), their areas and grid officer.
-- param: at point required: the point, as lon,lat (WGS-84)
-- param: radius real>0 default 2000: search radius in metres
-- param: status status optional: only sources with this status (permitted, registered, rectifying, special, unlicensed, or in Chinese)
-- geometry: geometry
-- example: permitwatch query sources-near --param at=113.26,23.13 --param radius=2000 --param status=unlicensed
--
-- The R*Tree is searched with a degree box around the point: r metres are less than r/100000
-- degrees of latitude and r/(100000 cos(lat)) of longitude (taken at the box's edge farthest
-- from the equator), which is about 10% generous, and again 360 degrees east and west of it, so
-- that a point near the antimeridian finds the sources on its other side; the exact test is then permitwatch_distance
-- (x/y in the plane, or the ellipsoid for a store too wide for one projection). The distance
-- is given to the decimetre (what a metric CRS's metres are good for); the order is the exact one.
SELECT
    s.source_id, s.name, s.status, s.status_date, s.deadline,
    round(permitwatch_distance(s.x, s.y, s.lon, s.lat, :at_x, :at_y, :at_lon, :at_lat), 1) AS distance_m,
    s.prefecture_code, s.prefecture_name,
    s.county_code, s.county_name,
    s.town_code, s.town_name,
    s.grid_code, s.grid_name, s.officer, s.officer_phone,
    s.lon, s.lat,
    s.geometry
FROM sources_named s
WHERE s.id IN (
        SELECT pkid FROM idx_sources_geometry, (SELECT -360.0 AS shift UNION ALL SELECT 0.0 UNION ALL SELECT 360.0)
        WHERE ymin <= :at_lat + :radius / 100000.0
          AND ymax >= :at_lat - :radius / 100000.0
          AND xmin <= :at_lon + shift + :radius / (100000.0 * cos(radians(min(abs(:at_lat) + :radius / 100000.0, 89.0))))
          AND xmax >= :at_lon + shift - :radius / (100000.0 * cos(radians(min(abs(:at_lat) + :radius / 100000.0, 89.0)))))
  AND s.removed_on IS NULL
  AND (:status IS NULL OR s.status = :status)
  AND permitwatch_distance(s.x, s.y, s.lon, s.lat, :at_x, :at_y, :at_lon, :at_lat) <= :radius
ORDER BY permitwatch_distance(s.x, s.y, s.lon, s.lat, :at_x, :at_y, :at_lon, :at_lat), s.source_id
