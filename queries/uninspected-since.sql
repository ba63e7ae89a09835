-- title: Sources not inspected since a date
-- description: Current sources with no inspection on or after a date, never-inspected first then the longest uninspected, with their last inspection, status, areas, grid officer and position.
-- param: since date required: an inspection on or after this day counts
-- param: status status+all optional: only sources with this status, or all for every status; without it the enforcement targets (unlicensed and rectifying)
-- param: area area optional: only sources of this prefecture, county, town or grid
-- geometry: geometry
-- example: permitwatch query uninspected-since --param since=2020-07-01 --param area=440103
--
-- No inspection on or after `since` is the same as a last inspection before it, or none.
WITH candidates AS MATERIALIZED (
    SELECT s.id,
           (SELECT max(e.date) FROM events e WHERE e.source_id = s.source_id AND e.kind = 'inspected') AS last_inspected
    FROM sources_named s
    WHERE s.removed_on IS NULL
      AND (CASE WHEN :status IS NULL THEN s.status IN ('unlicensed', 'rectifying')
                WHEN :status = 'all' THEN 1
                ELSE s.status = :status END)
      AND (:area IS NULL OR :area IN (s.prefecture_code, s.county_code, s.town_code, s.grid_code))
)
SELECT
    s.source_id, s.name, s.uscc, s.industry, s.status, s.status_date, s.deadline,
    k.last_inspected,
    s.prefecture_code, s.prefecture_name,
    s.county_code, s.county_name,
    s.town_code, s.town_name,
    s.grid_code, s.grid_name, s.officer, s.officer_phone,
    s.lon, s.lat,
    s.geometry
FROM candidates k
JOIN sources_named s ON s.id = k.id
WHERE k.last_inspected IS NULL OR k.last_inspected < :since
ORDER BY k.last_inspected IS NOT NULL, k.last_inspected, s.source_id
