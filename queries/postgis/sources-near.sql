-- title: Sources near a point
-- dialect: postgis
-- description: Current sources within a radius of a point, nearest first, with the distance in metres (as the database's metric CRS measures it: in its plane, or on the ellipsoid), their areas and grid officer.
-- param: at point required: the point, as lon,lat (WGS-84)
-- param: radius real>0 default 2000: search radius in metres
-- param: status status optional: only sources with this status (permitted, registered, rectifying, special, unlicensed, or in Chinese)
-- geometry: geometry
-- example: permitwatch query sources-near --param at=113.26,23.13 --param radius=2000 --param status=unlicensed
--
-- The PostGIS version of queries/sources-near.sql: the same name, parameters and columns, and the same rows
-- (Tests/PostGISStoreTests/CatalogDialectTests runs both on the same data and compares them).
WITH here AS (
    SELECT :at_x::float8 AS x, :at_y::float8 AS y, :at_lon::float8 AS lon, :at_lat::float8 AS lat, :radius::float8 AS radius
)
SELECT
    s.source_id, s.name, s.status, s.status_date, s.deadline,
    round(permitwatch_distance(s.x, s.y, s.lon, s.lat, h.x, h.y, h.lon, h.lat)::numeric, 1)::float8 AS distance_m,
    s.prefecture_code, s.prefecture_name,
    s.county_code, s.county_name,
    s.town_code, s.town_name,
    s.grid_code, s.grid_name, s.officer, s.officer_phone,
    s.lon, s.lat,
    s.geometry
FROM sources_named AS s, here AS h
WHERE s.id IN (
        SELECT k.id FROM sources AS k, here AS b, (VALUES (-360.0), (0.0), (360.0)) AS shift (degrees)
        WHERE k.geometry && ST_MakeEnvelope(
            b.lon + shift.degrees - b.radius / (100000.0 * cos(radians(least(abs(b.lat) + b.radius / 100000.0, 89.0)))),
            b.lat - b.radius / 100000.0,
            b.lon + shift.degrees + b.radius / (100000.0 * cos(radians(least(abs(b.lat) + b.radius / 100000.0, 89.0)))),
            b.lat + b.radius / 100000.0, 4326))
  AND s.removed_on IS NULL
  AND (:status::text IS NULL OR s.status = :status::text)
  AND permitwatch_distance(s.x, s.y, s.lon, s.lat, h.x, h.y, h.lon, h.lat) <= h.radius
ORDER BY permitwatch_distance(s.x, s.y, s.lon, s.lat, h.x, h.y, h.lon, h.lat), s.source_id COLLATE "C"
