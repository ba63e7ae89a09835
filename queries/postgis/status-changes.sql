-- title: Status changes in a period
-- dialect: postgis
-- description: The events between two dates (inclusive) with the status before and after, the source's name, current status, areas and position, by date then source; inspections only when kind=inspected is asked for.
-- param: from date required: first day of the period
-- param: to date>=from required: last day of the period
-- param: kind event optional: only events of this kind (listed, discovered, registered, permitted, notice_issued, rectified, marked_special, closed, inspected, new, changed, removed); without it every kind but inspected
-- param: area area optional: only sources of this prefecture, county, town or grid
-- geometry: geometry
-- example: permitwatch query status-changes --param from=2020-10-01 --param to=2020-10-07 --param kind=rectified
--
-- The PostGIS version of queries/status-changes.sql: the same name, parameters and columns, and the same rows
-- (Tests/PostGISStoreTests/CatalogDialectTests runs both on the same data and compares them).
SELECT
    e.date, e.kind,
    (SELECT b.status FROM events AS b
     WHERE b.source_id = e.source_id AND b.status IS NOT NULL
       AND (b.date < e.date OR (b.date = e.date AND b.id < e.id))
     ORDER BY b.date DESC, b.id DESC LIMIT 1) AS previous_status,
    e.status, e.deadline,
    s.source_id, s.name, s.status AS current_status, s.removed_on,
    s.prefecture_code, s.prefecture_name,
    s.county_code, s.county_name,
    s.town_code, s.town_name,
    s.grid_code, s.grid_name,
    s.lon, s.lat,
    s.geometry
FROM events AS e
JOIN sources_named AS s ON s.source_id = e.source_id
WHERE e.date BETWEEN :from::text AND :to::text
  AND (CASE WHEN :kind::text IS NULL THEN e.kind <> 'inspected' ELSE e.kind = :kind::text END)
  AND (:area::text IS NULL OR :area::text IN (s.prefecture_code, s.county_code, s.town_code, s.grid_code))
ORDER BY e.date, s.source_id COLLATE "C", e.id
