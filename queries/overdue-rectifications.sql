-- title: Overdue rectifications
-- description: Current sources under a rectification notice whose deadline passed before a date, most overdue first, with the notice date, days overdue, areas and grid officer.
-- param: as_of date default 2020-12-31: the day the deadlines are judged on (a deadline before it is overdue)
-- param: area area optional: only sources of this prefecture, county, town or grid
-- geometry: geometry
-- example: permitwatch query overdue-rectifications --param as_of=2020-10-01 --param area=4401
--
-- The status is the register's current one: a source rectified since is no longer listed.
-- notice_date is the date of the source's latest notice_issued event (NULL if the history has
-- none); days_overdue counts whole days from the deadline to as_of.
SELECT
    s.source_id, s.name, s.uscc, s.industry, s.status,
    (SELECT max(e.date) FROM events e WHERE e.source_id = s.source_id AND e.kind = 'notice_issued') AS notice_date,
    s.deadline,
    CAST(julianday(:as_of) - julianday(s.deadline) AS INTEGER) AS days_overdue,
    s.prefecture_code, s.prefecture_name,
    s.county_code, s.county_name,
    s.town_code, s.town_name,
    s.grid_code, s.grid_name, s.officer, s.officer_phone,
    s.lon, s.lat,
    s.geometry
FROM sources_named s
WHERE s.status = 'rectifying' AND s.removed_on IS NULL
  AND s.deadline < :as_of
  AND (:area IS NULL OR :area IN (s.prefecture_code, s.county_code, s.town_code, s.grid_code))
ORDER BY days_overdue DESC, s.source_id
