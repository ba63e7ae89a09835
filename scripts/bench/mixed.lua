-- wrk script: a mix of the server's endpoints, round robin (metadata, pages, filters, catalog).
local paths = {
  "/",
  "/collections",
  "/collections/sources",
  "/collections/sources/items?bbox=113.121937,22.956684,113.219859,23.047219&limit=1000",
  "/collections/sources/items?status=unlicensed&limit=100",
  "/collections/sources/items?status=unlicensed&limit=100&offset=5000",
  "/collections/sources/items?bbox=113.25,23.10,113.30,23.15&status=rectifying",
  "/collections/sources/items?datetime=2020-03-01/2020-03-31&limit=50",
  "/collections/towns/items?bbox=113.2,23.0,113.4,23.2&limit=200",
  "/collections/grids/items?limit=20",
  "/collections/prefectures/items?limit=21",
  "/collections/depots/items",
  "/collections/sources/items/GD0000123",
  "/queries",
  "/queries/sources-near?at=113.26,23.13&radius=2000",
  "/queries/area-summary?area=440103",
  "/conformance",
  "/api",
  "/health",
  "/collections/nothing/items",
  "/collections/sources/items?bbox=1,2,3",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
