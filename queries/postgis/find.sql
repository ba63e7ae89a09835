-- title: Find sources by name or USCC
-- dialect: postgis
-- description: Current sources whose name contains the text (Chinese or Latin, any case) or whose id or unified social credit code contains it, the best matches first (match 0: the id or USCC itself, 1: the whole name, 2: the name's beginning, 3: inside the name, 4: inside the USCC), then shorter names, with status, areas and grid officer.
-- param: text text>=2 required: at least two characters of the name, the id or the USCC (e.g. 化工, 9144011, GD00123)
-- geometry: geometry
-- example: permitwatch query find --param text=白云化工
--
-- The PostGIS version of queries/find.sql: the same name, parameters and columns, and the same rows
-- (Tests/PostGISStoreTests/CatalogDialectTests runs both on the same data and compares them).
WITH wanted AS (SELECT trim(:text::text) AS text, upper(trim(:text::text)) AS upper_text, lower(trim(:text::text)) AS lower_text),
matched AS MATERIALIZED (
    SELECT s.id,
           CASE
               WHEN s.source_id = w.text OR s.uscc = w.upper_text THEN 0
               WHEN lower(s.name) = w.lower_text THEN 1
               WHEN substr(lower(s.name), 1, length(w.lower_text)) = w.lower_text THEN 2
               WHEN strpos(lower(s.name), w.lower_text) > 0 THEN 3
               ELSE 4
           END AS match
    FROM sources AS s, wanted AS w
    WHERE s.removed_on IS NULL
      AND (strpos(lower(s.name), w.lower_text) > 0 OR strpos(upper(s.uscc), w.upper_text) > 0 OR strpos(s.source_id, w.text) > 0)
)
SELECT m.match, s.source_id, s.name, s.uscc, s.status, s.industry,
       s.prefecture_code, s.prefecture_name,
       s.county_code, s.county_name,
       s.town_code, s.town_name,
       s.grid_code, s.grid_name, s.officer, s.officer_phone,
       s.lon, s.lat,
       s.geometry
FROM matched AS m JOIN sources_named AS s ON s.id = m.id
ORDER BY m.match, length(s.name), s.source_id COLLATE "C"
