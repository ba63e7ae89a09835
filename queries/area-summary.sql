-- title: Area summary
-- description: One area of any level (prefecture, county, town or grid): its level, name, parent and officer, and its current sources counted by status, with the rectifications overdue on a date.
-- param: area area required: a prefecture, county, town or grid code (e.g. 4401, 440103, 440103001, 440103001002)
-- param: as_of date default 2020-12-31: the day rectification deadlines are judged on (overdue: deadline before it)
-- geometry: geometry
-- example: permitwatch query area-summary --param area=440103
SELECT
    a.level, a.code, a.name, a.parent_code, parent.name AS parent_name,
    a.officer, a.officer_phone, round(a.area_km2, 3) AS area_km2,
    coalesce(sum(s.status = 'permitted'), 0) AS permitted,
    coalesce(sum(s.status = 'registered'), 0) AS registered,
    coalesce(sum(s.status = 'rectifying'), 0) AS rectifying,
    coalesce(sum(s.status = 'special'), 0) AS special,
    coalesce(sum(s.status = 'unlicensed'), 0) AS unlicensed,
    count(s.id) AS total,
    coalesce(sum(s.status = 'rectifying' AND s.deadline < :as_of), 0) AS overdue_rectifying,
    round(ST_X(ST_Centroid(a.geometry)), 6) AS lon, round(ST_Y(ST_Centroid(a.geometry)), 6) AS lat,
    a.geometry
FROM areas a
LEFT JOIN areas parent
       ON parent.code = a.parent_code
      AND parent.level = CASE a.level WHEN 'county' THEN 'prefecture' WHEN 'town' THEN 'county' WHEN 'grid' THEN 'town' END
LEFT JOIN sources s
       ON s.removed_on IS NULL
      AND a.code = CASE a.level WHEN 'prefecture' THEN s.prefecture_code WHEN 'county' THEN s.county_code
                                WHEN 'town' THEN s.town_code ELSE s.grid_code END
WHERE a.code = :area
GROUP BY a.id
ORDER BY CASE a.level WHEN 'prefecture' THEN 1 WHEN 'county' THEN 2 WHEN 'town' THEN 3 ELSE 4 END, a.id
