-- title: Overdue rectifications
-- dialect: postgis
-- description: Current sources under a rectification notice whose deadline passed before a date, most overdue first, with the notice date, days overdue, areas and grid officer.
-- param: as_of date default 2020-12-31: the day the deadlines are judged on (a deadline before it is overdue)
-- param: area area optional: only sources of this prefecture, county, town or grid
-- geometry: geometry
-- example: permitwatch query overdue-rectifications --param as_of=2020-10-01 --param area=4401
--
-- The PostGIS version of queries/overdue-rectifications.sql: the same name, parameters and columns, and the same rows
-- (Tests/PostGISStoreTests/CatalogDialectTests runs both on the same data and compares them).
SELECT
    s.source_id, s.name, s.uscc, s.industry, s.status,
    (SELECT max(e.date) FROM events AS e WHERE e.source_id = s.source_id AND e.kind = 'notice_issued') AS notice_date,
    s.deadline,
    (:as_of::date - s.deadline::date)::bigint AS days_overdue,
    s.prefecture_code, s.prefecture_name,
    s.county_code, s.county_name,
    s.town_code, s.town_name,
    s.grid_code, s.grid_name, s.officer, s.officer_phone,
    s.lon, s.lat,
    s.geometry
FROM sources_named AS s
WHERE s.status = 'rectifying' AND s.removed_on IS NULL
  AND s.deadline < :as_of::text
  AND (:area::text IS NULL OR :area::text IN (s.prefecture_code, s.county_code, s.town_code, s.grid_code))
ORDER BY days_overdue DESC NULLS LAST, s.source_id COLLATE "C"
