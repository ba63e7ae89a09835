import Foundation
import GeoKit
import PermitWatch
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// Issue 14, points 2 and 7: the files GIS departments and registers send, made at test time
/// with `ogr2ogr` from the real data, and `--crs` taking the one conversion path for every ingest.
@Suite("Ingest through GDAL")
struct GDALIngestTests {
    static let counties = "boundaries/guangdong_county_level_merged_gcj02.geojson"
    static let prefectures = "boundaries/guangdong_datav_gcj02/440000_full.json"
    static let hongKongRoads = "roads/hongkong_hku_pedestrian_network_wgs84.geojson"
    static let newJerseyMunicipalities = "boundaries/us/nj_municipalities_census_cousub.geojson"
    static let newJerseyWaterSystems = "facilities/nj_epa_echo_sdwa_public_water_systems.csv"

    /// A county layer as a Guangdong bureau exports it: CGCS2000 3-degree Gauss-Kruger CM 114E
    /// metres (EPSG:4547), the `.dbf` in GBK. DataV's coordinates are taken as they are (GCJ-02
    /// read as degrees), so the result can be compared with the GeoJSON read the same way.
    static func countyShapefile(_ fixtures: GDALFixtures) throws -> String {
        try fixtures.ogr2ogr(
            "县级行政区.shp", from: [try RealData.require(counties)],
            ["-f", "ESRI Shapefile", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:4547", "-lco", "ENCODING=GBK", "-select", "adcode,name"])
    }

    static func countyOptions() -> AreaIngest.Options {
        var options = AreaIngest.Options(level: .county)
        options.codeField = "adcode"
        options.nameField = "name"
        return options
    }

    // MARK: Areas

    @Test(.requires(.gdal, .realData(counties)))
    func projectedGBKShapefileLandsInTheRightPlaceWithNoFlag() throws {
        let fixtures = try GDALFixtures("areas-shp")
        let shapefile = try Self.countyShapefile(fixtures)
        let viaShapefile = try TemporaryDatabase(), viaGeoJSON = try TemporaryDatabase()
        let report = try AreaIngest(database: viaShapefile.database, logger: quietLogger).run(file: shapefile, options: Self.countyOptions())
        #expect(report.areas == 124)
        _ = try AreaIngest(database: viaGeoJSON.database, logger: quietLogger).run(file: try RealData.require(Self.counties), options: Self.countyOptions())
        let areas = try viaShapefile.database.fetchAreas(level: .county)
        let reference = Dictionary(uniqueKeysWithValues: try viaGeoJSON.database.fetchAreas(level: .county).map { ($0.code, $0) })
        #expect(areas.first { $0.code == "440402" }?.name == "香洲区")
        for area in areas {
            let expected = try #require(reference[area.code])
            let a = area.geometry.boundingBox, b = expected.geometry.boundingBox
            #expect(abs(a.minX - b.minX) < 1e-6 && abs(a.maxY - b.maxY) < 1e-6, "\(area.code) \(area.name)")
            #expect(area.name == expected.name)
        }
    }

    @Test(.requires(.gdal, .realData(counties)))
    func dbfWithoutCPGTakesTheEncodingFlag() throws {
        let fixtures = try GDALFixtures("areas-nocpg")
        let shapefile = try Self.countyShapefile(fixtures)
        try FileManager.default.removeItem(atPath: fixtures.path("县级行政区.cpg"))
        let db = try TemporaryDatabase()
        var options = Self.countyOptions()
        options.encoding = "GBK"
        _ = try AreaIngest(database: db.database, logger: quietLogger).run(file: shapefile, options: options)
        #expect(try db.database.fetchAreas(level: .county).contains { $0.name == "香洲区" })
    }

    /// Coordinates in metres with no system known are refused, never stored as degrees; the
    /// database is unchanged; `--crs` then places them.
    @Test(.requires(.gdal, .realData(counties)))
    func metresWithoutAPRJAreRefusedUntilDeclared() throws {
        let fixtures = try GDALFixtures("areas-noprj")
        let shapefile = try Self.countyShapefile(fixtures)
        try FileManager.default.removeItem(atPath: fixtures.path("县级行政区.prj"))
        let db = try TemporaryDatabase()
        let before = db.fileBytes()
        let error = try #require(throws: RejectedInput.self) {
            try AreaIngest(database: db.database, logger: quietLogger).run(file: shapefile, options: Self.countyOptions())
        }
        #expect(error.description.contains("pass --crs epsg:N"), "\(error)")
        #expect(error.description.contains("县级行政区.shp: layer 县级行政区, feature 0: geometry"), "\(error)")
        #expect(db.fileBytes() == before)
        var options = Self.countyOptions()
        options.crs = CoordinateSystem(parsing: "epsg:4547")
        #expect(try AreaIngest(database: db.database, logger: quietLogger).run(file: shapefile, options: options).areas == 124)
    }

    @Test(.requires(.gdal, .realData(counties), .realData(prefectures)))
    func geoPackageLayerIsChosenWithLayer() throws {
        let fixtures = try GDALFixtures("areas-gpkg")
        let gpkg = try fixtures.ogr2ogr(
            "bureau.gpkg", from: [try RealData.require(Self.counties)],
            ["-f", "GPKG", "-nln", "counties", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:3857", "-select", "adcode,name"])
        try fixtures.ogr2ogr(gpkg, from: [try RealData.require(Self.prefectures)], ["-update", "-nln", "prefectures", "-select", "adcode,name"])
        let db = try TemporaryDatabase()
        let unnamed = try #require(throws: RejectedInput.self) {
            try AreaIngest(database: db.database, logger: quietLogger).run(file: gpkg, options: Self.countyOptions())
        }
        #expect(unnamed.description.contains("counties") && unnamed.description.contains("prefectures"), "\(unnamed)")
        var options = Self.countyOptions()
        options.layer = "counties"
        #expect(try AreaIngest(database: db.database, logger: quietLogger).run(file: gpkg, options: options).areas == 124)
        let box = try db.database.fetchAreas(level: .county).map(\.geometry.boundingBox).reduce(BoundingBox.empty) { $0.union($1) }
        #expect(box.minX > 109.6 && box.maxX < 117.4 && box.minY > 20.2 && box.maxY < 25.6)
    }

    /// The other formats bureaus send: a File Geodatabase in EPSG:4547 (OpenFileGDB), KML and
    /// KMZ, and a GeoJSON in EPSG:4547 with a legacy `crs` member and 3-D coordinates. Each
    /// lands where the GeoJSON read as WGS-84 does.
    @Test(.requires(.gdal, .realData(counties)))
    func fileGeodatabaseKMLAndLegacyGeoJSON() throws {
        let fixtures = try GDALFixtures("areas-formats")
        let source = try RealData.require(Self.counties)
        let projected = ["-s_srs", "EPSG:4326", "-t_srs", "EPSG:4547", "-select", "adcode,name"]
        let files = [
            try fixtures.ogr2ogr("bureau.gdb", from: [source], ["-f", "OpenFileGDB", "-nln", "counties", "-nlt", "MULTIPOLYGON"] + projected),
            try fixtures.ogr2ogr("counties.kml", from: [source], ["-f", "KML", "-select", "adcode,name"]),
            // LIBKML's writer drops the invalid polygons (麻章区…) the KML driver keeps: made valid first.
            try fixtures.ogr2ogr("counties.kmz", from: [source], ["-f", "LIBKML", "-makevalid", "-select", "adcode,name"]),
            try fixtures.ogr2ogr("counties4547.geojson", from: [source], ["-f", "GeoJSON", "-dim", "XYZ"] + projected),
        ]
        #expect(try String(contentsOfFile: files[3], encoding: .utf8).contains("EPSG::4547"))
        let viaGeoJSON = try TemporaryDatabase()
        _ = try AreaIngest(database: viaGeoJSON.database, logger: quietLogger).run(file: source, options: Self.countyOptions())
        let reference = Dictionary(uniqueKeysWithValues: try viaGeoJSON.database.fetchAreas(level: .county).map { ($0.code, $0) })
        for file in files {
            let db = try TemporaryDatabase()
            #expect(try AreaIngest(database: db.database, logger: quietLogger).run(file: file, options: Self.countyOptions()).areas == 124, "\(file)")
            for area in try db.database.fetchAreas(level: .county) {
                let expected = try #require(reference[area.code], "\(file): \(area.code)")
                let a = area.geometry.boundingBox, b = expected.geometry.boundingBox
                #expect(abs(a.minX - b.minX) < 1e-6 && abs(a.maxY - b.maxY) < 1e-6, "\(file): \(area.code)")
                #expect(area.name == expected.name, "\(file)")
            }
        }
    }

    // MARK: Roads (issue 14, point 7)

    /// The real Hong Kong pedestrian network in EPSG:3857 with a legacy `crs` member: stored in
    /// degrees with or without `--crs epsg:3857`; without the member, refused until declared.
    @Test(.requires(.gdal, .realData(hongKongRoads)))
    func webMercatorRoadsAreConvertedWithOrWithoutTheFlag() throws {
        let fixtures = try GDALFixtures("roads-3857")
        let source = try RealData.require(Self.hongKongRoads)
        let mercator = try fixtures.ogr2ogr("roads.geojson", from: [source], ["-f", "GeoJSON", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:3857"])
        let text = try String(contentsOfFile: mercator, encoding: .utf8)
        #expect(text.contains("EPSG::3857"))
        for crs in [nil, CoordinateSystem.epsg(3857)] {
            let db = try TemporaryDatabase()
            let loaded = try RoadIngest(database: db.database).run(file: mercator, crs: crs)
            #expect(loaded.roads == 1725 && loaded.components == 21)
            let first = try #require(try db.database.fetchRoads().first?.coordinates.first)
            #expect(abs(first.x - 114.13538002746195) < 1e-7 && abs(first.y - 22.285688487128155) < 1e-7, "\(first)")
        }
        let stripped = text.replacingOccurrences(of: #""crs":\s*\{[^{}]*\{[^{}]*\}\s*\},?"#, with: "", options: .regularExpression)
        #expect(!stripped.contains("EPSG::3857"))
        let bare = try fixtures.write("bare.geojson", stripped)
        let db = try TemporaryDatabase()
        let before = db.fileBytes()
        let error = try #require(throws: RejectedInput.self) { try RoadIngest(database: db.database).run(file: bare) }
        #expect(error.description.contains("pass --crs epsg:N"), "\(error)")
        #expect(db.fileBytes() == before)
        #expect(try RoadIngest(database: db.database).run(file: bare, crs: .epsg(3857)).roads == 1725)
    }

    @Test(.requires(.gdal, .realData(hongKongRoads)))
    func shapefileAndGeoPackageLines() throws {
        let fixtures = try GDALFixtures("roads-shp")
        let source = try RealData.require(Self.hongKongRoads)
        // Hong Kong 1980 Grid (EPSG:2326), as the Lands Department publishes its networks.
        let shapefile = try fixtures.ogr2ogr("roads.shp", from: [source], ["-f", "ESRI Shapefile", "-t_srs", "EPSG:2326"])
        let gpkg = try fixtures.ogr2ogr("roads.gpkg", from: [source], ["-f", "GPKG", "-nln", "footways"])
        for file in [shapefile, gpkg] {
            let db = try TemporaryDatabase()
            let loaded = try RoadIngest(database: db.database).run(file: file)
            #expect(loaded.roads == 1725, "\(file)")
            let stored = try db.database.fetchRoads()
            #expect(stored.filter { $0.direction != .both }.count == 8, "\(file)")
            let first = try #require(stored.first?.coordinates.first)
            #expect(abs(first.x - 114.13538002746195) < 1e-6 && abs(first.y - 22.285688487128155) < 1e-6, "\(file): \(first)")
        }
    }

    // MARK: Depots and route plans (issue 14, point 7)

    /// Web Mercator metres of a WGS-84 point (the spherical formula EPSG:3857 defines).
    static func webMercator(_ c: Coordinate) -> Coordinate {
        let r = 6_378_137.0
        return Coordinate(r * c.x * .pi / 180, r * log(tan(.pi / 4 + c.y * .pi / 360)))
    }

    @Test
    func depotsInMetresTakeTheSamePath() throws {
        let db = try TemporaryDatabase()
        let guangzhou = Coordinate(113.26, 23.13)
        let gk = MetricCRS.epsg4547.forward(guangzhou), web = Self.webMercator(guangzhou)
        for (crs, point) in [(CoordinateSystem.epsg4547, gk), (.epsg(3857), web)] {
            let file = db.directory.appendingPathComponent("depots-\(crs).csv").path
            try "code,name,county_code,lon,lat\nGZ,广州,440104,\(point.x),\(point.y)\n".write(toFile: file, atomically: true, encoding: .utf8)
            #expect(try DepotIngest(database: db.database, logger: quietLogger).run(file: file, crs: crs) == 1)
            let stored = try #require(try db.database.fetchDepots().first)
            #expect(abs(stored.location.x - 113.26) < 1e-7 && abs(stored.location.y - 23.13) < 1e-7, "\(crs): \(stored.location)")
        }
        let file = db.directory.appendingPathComponent("depots.csv").path
        try "code,name,county_code,lon,lat\nGZ,广州,440104,\(web.x),\(web.y)\n".write(toFile: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: RejectedInput.self) { try DepotIngest(database: db.database, logger: quietLogger).run(file: file) }
        #expect(error.description.contains("depots.csv:2: lon,lat") && error.description.contains("pass --crs epsg:N"), "\(error)")
    }

    @Test(.requires(.gdal, .realData(hongKongRoads)))
    func routePlanDepotStopsAndRoadsInMetres() throws {
        let fixtures = try GDALFixtures("plan-3857")
        let roads = try fixtures.ogr2ogr(
            "roads.geojson", from: [try RealData.require(Self.hongKongRoads)], ["-f", "GeoJSON", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:3857"])
        let a = Self.webMercator(Coordinate(114.1377, 22.2852)), b = Self.webMercator(Coordinate(114.1400, 22.2840))
        let stops = try fixtures.write("stops.csv", "source_id,lon,lat,priority\nA,\(a.x),\(a.y),1\nB,\(b.x),\(b.y),3\n")
        let depot = Self.webMercator(Coordinate(114.1354, 22.2857))
        let db = try TemporaryDatabase()
        var request = RoutePlanRequest()
        request.stops = .file(stops)
        request.depot = .point(lon: depot.x, lat: depot.y)
        request.roadsFile = roads
        request.teams = 1
        request.iterations = 20
        #expect(throws: ParameterError.self) { try RoutePlanning(store: db.database).plan(request) }
        request.crs = .epsg(3857)
        let plan = try RoutePlanning(store: db.database).plan(request)
        #expect(plan.depotName == "114.135400,22.285700")
        #expect(plan.travel.contains("road nodes"))
        #expect(plan.teams[0].visits.count + plan.unreachableByRoad.count + plan.unvisited.count == 2)
    }

    // MARK: Sources

    /// The NJ water-systems CSV as a workbook, with a title row above the header (and GDAL's
    /// own field-name row above that): every row read, a bad cell located by sheet row.
    @Test(.requires(.gdal, .realData(newJerseyWaterSystems)))
    func workbookWithATitleRowIsReadAsTheCSVIs() throws {
        let fixtures = try GDALFixtures("sources-xlsx")
        let csvText = try String(contentsOfFile: try RealData.require(Self.newJerseyWaterSystems), encoding: .utf8)
        let columns = csvText.prefix { $0 != "\n" }.filter { $0 == "," }.count
        let titled = try fixtures.write(
            "titled.csv", "New Jersey public water systems (EPA ECHO)" + String(repeating: ",", count: columns) + "\n" + csvText)
        let workbook = try fixtures.ogr2ogr("water.xlsx", from: [titled], ["-f", "XLSX", "-oo", "HEADERS=NO", "-nln", "systems"])
        var options = SourceIngest.Options()
        options.idField = "PWSID"
        options.lonField = "FAC_LONG"
        options.latField = "FAC_LAT"
        options.defaultStatus = .registered
        let fromSheet = try TemporaryDatabase(), fromCSV = try TemporaryDatabase()
        let report = try SourceIngest(database: fromSheet.database, logger: quietLogger).run(file: workbook, options: options)
        #expect(report.rows == 3075)
        #expect(report.encoding == "XLSX sheet systems")
        _ = try SourceIngest(database: fromCSV.database, logger: quietLogger)
            .run(file: try RealData.require(Self.newJerseyWaterSystems), options: options)
        let sheetSources = try fromSheet.database.fetchSources(), csvSources = try fromCSV.database.fetchSources()
        #expect(sheetSources.map(\.sourceID) == csvSources.map(\.sourceID))
        #expect(sheetSources.map(\.location) == csvSources.map(\.location))
        #expect(sheetSources.map(\.name) == csvSources.map(\.name))

        // Line 2 of the CSV is row 4 of the sheet (row 1 field names, 2 the title, 3 the header).
        var lines = csvText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        cells[5] = "north"
        lines[1] = cells.joined(separator: ",")
        let broken = try fixtures.write("broken.csv", "title" + String(repeating: ",", count: columns) + "\n" + lines.joined(separator: "\n"))
        let brokenBook = try fixtures.ogr2ogr("broken.xlsx", from: [broken], ["-f", "XLSX", "-oo", "HEADERS=NO", "-nln", "systems"])
        let before = fromSheet.fileBytes()
        let error = try #require(throws: RejectedInput.self) {
            try SourceIngest(database: fromSheet.database, logger: quietLogger).run(file: brokenBook, options: options)
        }
        #expect(error.description.contains("broken.xlsx: sheet systems, row 4: FAC_LAT: 'north' is not a number"), "\(error)")
        #expect(fromSheet.fileBytes() == before)
    }

    /// A bureau's list with Chinese headers under a title (S3's longitude is not a number) and
    /// a sheet of notes, as CSV files to make workbooks from.
    static func bureauList(in fixtures: GDALFixtures) throws -> (list: String, notes: String) {
        let list = try fixtures.write("名录.csv", """
            2020年排污单位名录,,,,
            编号,名称,经度,纬度,状态
            S1,甲厂,113.26,23.13,登记
            S2,乙厂,113.27,23.14,无证
            S3,丙厂,东经113度,23.15,排污许可
            """)
        return (list, try fixtures.write("说明.csv", "说明,\n仅供内部使用,\n"))
    }

    /// A bureau's list with Chinese headers under a title, as XLSX and ODS, in a workbook of two
    /// sheets: `--sheet` picks one, the headers match as in a CSV, a bad cell names its row.
    @Test(.requires(.gdal))
    func chineseHeadersInATwoSheetWorkbook() throws {
        let fixtures = try GDALFixtures("sources-chinese")
        let (list, notes) = try Self.bureauList(in: fixtures)
        for format in ["XLSX", "ODS"] {
            let book = try fixtures.ogr2ogr("名录.\(format.lowercased())", from: [list], ["-f", format, "-oo", "HEADERS=NO", "-nln", "名录"])
            try fixtures.ogr2ogr(book, from: [notes], ["-update", "-oo", "HEADERS=NO", "-nln", "说明"])
            let db = try TemporaryDatabase()
            let unnamed = try #require(throws: RejectedInput.self) {
                try SourceIngest(database: db.database, logger: quietLogger).run(file: book, options: SourceIngest.Options())
            }
            #expect(unnamed.description.contains("名录") && unnamed.description.contains("说明"), "\(format): \(unnamed)")
            var options = SourceIngest.Options()
            options.sheet = "名录"
            let error = try #require(throws: RejectedInput.self) {
                try SourceIngest(database: db.database, logger: quietLogger).run(file: book, options: options)
            }
            // Row 1: the field names ogr2ogr writes; 2 the title; 3 the header; S3 on row 6.
            #expect(error.problems.map(\.description) == [book + ": sheet 名录, row 6: 经度: '东经113度' is not a number; expected a longitude in degrees"], "\(format)")
            // With --on-error skip the row goes to the rejects file under its sheet row.
            var skipping = options
            skipping.onError = .skip
            skipping.rejectsFile = fixtures.path("rejects-\(format).csv")
            let partial = try SourceIngest(database: db.database, logger: quietLogger).run(file: book, options: skipping)
            #expect(partial.rejected == 1 && partial.loaded == 2, "\(format)")
            let rejects = try String(contentsOfFile: fixtures.path("rejects-\(format).csv"), encoding: .utf8)
            #expect(rejects.contains("\n6,\"S3,丙厂,东经113度,23.15,排污许可\",经度,"), "\(format): \(rejects)")
            let fixed = try fixtures.write("fixed.csv", try String(contentsOfFile: list, encoding: .utf8).replacingOccurrences(of: "东经113度", with: "113.28"))
            let fixedBook = try fixtures.ogr2ogr("fixed.\(format.lowercased())", from: [fixed], ["-f", format, "-oo", "HEADERS=NO", "-nln", "名录"])
            let report = try SourceIngest(database: db.database, logger: quietLogger).run(file: fixedBook, options: options)
            #expect(report.rows == 3)
            let sources = try db.database.fetchSources().sorted { $0.sourceID < $1.sourceID }
            #expect(sources.map(\.name) == ["甲厂", "乙厂", "丙厂"])
            #expect(sources.map(\.status) == [.registered, .unlicensed, .permitted])
            #expect(sources.map(\.location) == [Coordinate(113.26, 23.13), Coordinate(113.27, 23.14), Coordinate(113.28, 23.15)])
        }
    }

    /// The same bureau's list as a legacy Excel workbook (.xls, as older systems export), its
    /// coordinates numeric cells: read through GDAL's XLS driver as XLSX and ODS are read.
    @Test(.requires(.gdal, .xlwt))
    func legacyExcelWorkbookIsReadAsTheNewerFormatsAre() throws {
        let fixtures = try GDALFixtures("sources-xls")
        let (list, notes) = try Self.bureauList(in: fixtures)
        let book = try fixtures.xls("名录.xls", sheets: [("名录", list), ("说明", notes)])
        let db = try TemporaryDatabase()
        let unnamed = try #require(throws: RejectedInput.self) {
            try SourceIngest(database: db.database, logger: quietLogger).run(file: book, options: SourceIngest.Options())
        }
        #expect(unnamed.description.contains("名录") && unnamed.description.contains("说明"), "\(unnamed)")
        var options = SourceIngest.Options()
        options.sheet = "名录"
        let before = db.fileBytes()
        let error = try #require(throws: RejectedInput.self) {
            try SourceIngest(database: db.database, logger: quietLogger).run(file: book, options: options)
        }
        // Row 1 the title, 2 the header: S3 on row 5 (xlwt adds no row of field names).
        #expect(error.problems.map(\.description) == [book + ": sheet 名录, row 5: 经度: '东经113度' is not a number; expected a longitude in degrees"])
        #expect(db.fileBytes() == before)
        var skipping = options
        skipping.onError = .skip
        skipping.rejectsFile = fixtures.path("rejects.csv")
        let partial = try SourceIngest(database: db.database, logger: quietLogger).run(file: book, options: skipping)
        #expect(partial.rejected == 1 && partial.loaded == 2)
        #expect(partial.encoding == "XLS sheet 名录")
        let rejects = try String(contentsOfFile: fixtures.path("rejects.csv"), encoding: .utf8)
        #expect(rejects.contains("\n5,\"S3,丙厂,东经113度,23.15,排污许可\",经度,"), "\(rejects)")
        let sources = try db.database.fetchSources().sorted { $0.sourceID < $1.sourceID }
        #expect(sources.map(\.name) == ["甲厂", "乙厂"])
        #expect(sources.map(\.status) == [.registered, .unlicensed])
        #expect(sources.map(\.location) == [Coordinate(113.26, 23.13), Coordinate(113.27, 23.14)])
    }

    /// A problem of the header itself is located at the sheet's header row, and a header cell
    /// full of semicolons does not change how the row is split.
    @Test(.requires(.gdal))
    func headerProblemsNameTheHeaderRow() throws {
        let fixtures = try GDALFixtures("sources-header")
        let list = try fixtures.write("list.csv", """
            排污单位名录,,,
            编号,经度,纬度,备注;说明;其他;附注;来源
            S1,113.26,23.13,
            """)
        let book = try fixtures.ogr2ogr("list.xlsx", from: [list], ["-f", "XLSX", "-oo", "HEADERS=NO", "-nln", "名录"])
        let db = try TemporaryDatabase()
        let error = try #require(throws: RejectedInput.self) {
            try SourceIngest(database: db.database, logger: quietLogger).run(file: book, options: SourceIngest.Options())
        }
        #expect(error.problems.count == 1)
        #expect(error.problems.first?.description.hasPrefix(book + ": sheet 名录, row 3: missing column status") == true, "\(error)")
        var options = SourceIngest.Options()
        options.defaultStatus = .registered
        #expect(try SourceIngest(database: db.database, logger: quietLogger).run(file: book, options: options).rows == 1)
    }

    /// A list in metres with no system declared is refused with a request for `--crs`, never
    /// stored as degrees; declared, it lands.
    @Test
    func sourcesInMetresAskForTheirSystem() throws {
        let db = try TemporaryDatabase()
        let point = MetricCRS.epsg4547.forward(Coordinate(113.26, 23.13))
        let file = db.directory.appendingPathComponent("metres.csv").path
        try "source_id,lon,lat,status\nS1,\(point.x),\(point.y),registered\n".write(toFile: file, atomically: true, encoding: .utf8)
        let before = db.fileBytes()
        let error = try #require(throws: RejectedInput.self) {
            try SourceIngest(database: db.database, logger: quietLogger).run(file: file, options: SourceIngest.Options())
        }
        #expect(error.description.contains("metres.csv:2: lon,lat: ") && error.description.contains("pass --crs epsg:N"), "\(error)")
        #expect(db.fileBytes() == before)
        var options = SourceIngest.Options()
        options.crs = .epsg4547
        _ = try SourceIngest(database: db.database, logger: quietLogger).run(file: file, options: options)
        let stored = try #require(try db.database.fetchSources().first?.location)
        #expect(abs(stored.x - 113.26) < 1e-7 && abs(stored.y - 23.13) < 1e-7)
    }

    /// The NJ water systems as a point Shapefile in UTM 18N metres: the `.prj` places them.
    @Test(.requires(.gdal, .realData(newJerseyWaterSystems)))
    func pointShapefileInUTMIsPlacedByItsPRJ() throws {
        let fixtures = try GDALFixtures("sources-shp")
        let csv = try RealData.require(Self.newJerseyWaterSystems)
        let shapefile = try fixtures.ogr2ogr(
            "water.shp", from: [csv],
            ["-f", "ESRI Shapefile", "-oo", "X_POSSIBLE_NAMES=FAC_LONG", "-oo", "Y_POSSIBLE_NAMES=FAC_LAT", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:32618"])
        var options = SourceIngest.Options()
        options.idField = "PWSID"
        options.defaultStatus = .registered
        let db = try TemporaryDatabase()
        let report = try SourceIngest(database: db.database, logger: quietLogger).run(file: shapefile, options: options)
        #expect(report.rows == 3075)
        let byID = Dictionary(try db.database.fetchSources().map { ($0.sourceID, $0.location) }) { a, _ in a }
        let first = try #require(byID["NJ1332323"])
        #expect(abs(first.x - -74.152446) < 1e-6 && abs(first.y - 40.287056) < 1e-6, "\(first)")

        // The same points in a GeoPackage in Web Mercator, its layer named with --sheet.
        let gpkg = try fixtures.ogr2ogr("water.gpkg", from: [shapefile], ["-f", "GPKG", "-nln", "systems", "-t_srs", "EPSG:3857"])
        options.sheet = "systems"
        let fromGPKG = try TemporaryDatabase()
        #expect(try SourceIngest(database: fromGPKG.database, logger: quietLogger).run(file: gpkg, options: options).rows == 3075)
        let again = try #require(try fromGPKG.database.fetchSources().first { $0.sourceID == "NJ1332323" }?.location)
        #expect(abs(again.x - first.x) < 1e-7 && abs(again.y - first.y) < 1e-7, "\(again)")
    }
}
