-- TITLE: 中文标题
-- Description: 以中文写的说明，带冒号：还有
-- param: n integer default -3
-- param: w isoweek>=2020-W01 optional
SELECT :n AS n;
