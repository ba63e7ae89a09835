-- title: Area summary
-- dialect: postgis
-- description: One area of any level (prefecture, county, town or grid): its level, name, parent and officer, and its current sources counted by status, with the rectifications overdue on a date.
-- param: area area required: a prefecture, county, town or grid code (e.g. 4401, 440103, 440103001, 440103001002)
-- param: as_of date default 2020-12-31: the day rectification deadlines are judged on (overdue: deadline before it)
-- geometry: geometry
-- example: permitwatch query area-summary --param area=440103
--
-- The PostGIS version of queries/area-summary.sql: the same name, parameters and columns, and the same rows
-- (Tests/PostGISStoreTests/CatalogDialectTests runs both on the same data and compares them).
SELECT
    a.level, a.code, a.name, a.parent_code, parent.name AS parent_name,
    a.officer, a.officer_phone, round(a.area_km2::numeric, 3)::float8 AS area_km2,
    count(s.id) FILTER (WHERE s.status = 'permitted') AS permitted,
    count(s.id) FILTER (WHERE s.status = 'registered') AS registered,
    count(s.id) FILTER (WHERE s.status = 'rectifying') AS rectifying,
    count(s.id) FILTER (WHERE s.status = 'special') AS special,
    count(s.id) FILTER (WHERE s.status = 'unlicensed') AS unlicensed,
    count(s.id) AS total,
    count(s.id) FILTER (WHERE s.status = 'rectifying' AND s.deadline < :as_of::text) AS overdue_rectifying,
    round(ST_X(ST_Centroid(a.geometry))::numeric, 6)::float8 AS lon, round(ST_Y(ST_Centroid(a.geometry))::numeric, 6)::float8 AS lat,
    a.geometry
FROM areas AS a
LEFT JOIN areas AS parent
       ON parent.code = a.parent_code
      AND parent.level = CASE a.level WHEN 'county' THEN 'prefecture' WHEN 'town' THEN 'county' WHEN 'grid' THEN 'town' END
LEFT JOIN sources AS s
       ON s.removed_on IS NULL
      AND a.code = CASE a.level WHEN 'prefecture' THEN s.prefecture_code WHEN 'county' THEN s.county_code
                                WHEN 'town' THEN s.town_code ELSE s.grid_code END
WHERE a.code = :area::text
GROUP BY a.id, parent.name
ORDER BY CASE a.level WHEN 'prefecture' THEN 1 WHEN 'county' THEN 2 WHEN 'town' THEN 3 ELSE 4 END, a.id
