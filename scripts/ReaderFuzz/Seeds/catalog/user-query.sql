-- title: Sources of a status in a box, over a period
-- description: Sources with a status inside a box whose status changed within a period; an example of every parameter type.
-- param: box bbox required: minlon,minlat,maxlon,maxlat
-- param: status status+all default all: a status, or all
-- param: from date optional: first day
-- param: to date>=from optional: last day
-- param: week isoweek optional: an ISO week
-- param: near point default 113.26,23.13: a point
-- param: radius real>0 default 2000: metres
-- param: top integer>=1 default 50: how many
-- param: town area optional: a town's code
-- param: kind event optional: an event kind
-- param: mode choice+admin+square default admin: how to group
-- param: q text>=2 optional: part of a name
-- param: code code optional: a source id
-- geometry: geometry
-- dialect: spatialite
-- example: permitwatch query user-query --param box=113,22,114,24
/* a block comment with 'quotes' and "double quotes" -- and a dash */
SELECT s.source_id, s.name, s.status, s.geometry
FROM sources_named s
WHERE s.lon BETWEEN :box_minlon AND :box_maxlon AND s.lat BETWEEN :box_minlat AND :box_maxlat
  AND (:status = 'all' OR s.status = :status)
  AND (:from IS NULL OR s.status_date >= :from) AND (:to IS NULL OR s.status_date <= :to)
  AND s.name LIKE '%' || coalesce(:q, '') || '%' -- "; DROP TABLE sources; --
ORDER BY s.source_id
LIMIT :top
