import Foundation
import PermitWatch
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// `permitwatch query` as a user runs it: the installed binary, output files, other tools.
@Suite("permitwatch query, end to end")
struct QueryCommandTests {
    /// The shipped catalog is compiled in: a copy of the binary elsewhere, run from another
    /// directory with no queries/ folder anywhere near, still lists it.
    @Test func shippedCatalogWorksFromAnInstalledCopyAnywhere() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let installed = db.directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: installed, withIntermediateDirectories: true)
        let copy = installed.appendingPathComponent("permitwatch")
        try FileManager.default.copyItem(at: CLI.binary, to: copy)
        let elsewhere = db.directory.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let result = try CLI.run(["query", "--list", "--db", db.path], in: elsewhere, executable: copy)
        #expect(result.status == 0, "\(result.err)")
        let listed = String(decoding: result.out, as: UTF8.self)
        for query in try QueryCatalog().all {
            // The queries that give a layer are marked: what a GIS user reads --list for.
            let line = query.name + (query.geometryColumn == nil ? "\n" : "  [GeoJSON]\n")
            #expect(listed.contains(line), "\(query.name) missing from --list")
        }
        #expect(listed.contains("sources-near  [GeoJSON]\n    Sources near a point\n    parameters: at=<point> [radius=<real>0>, default 2000] [status=<status>]\n"), "\(listed)")
        #expect(listed.contains("source-history\n"))
    }

    /// One broken file among a user's queries is a warning naming its file and line; it is left
    /// out and every other query, shipped or the user's, still runs.
    @Test func aBrokenUserQueryIsLeftOutWithAWarningAndTheOthersRun() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        // The folder beside the database, which every command picks up.
        let directory = db.directory.appendingPathComponent("queries")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "-- title: Broken\n-- description: d\n-- param: when datetime required\nSELECT 1".write(
            to: directory.appendingPathComponent("broken.sql"), atomically: true, encoding: .utf8)
        try "-- title: Names\n-- description: Every source's name.\nSELECT source_id, name FROM sources ORDER BY source_id".write(
            to: directory.appendingPathComponent("names.sql"), atomically: true, encoding: .utf8)
        let broken = directory.appendingPathComponent("broken.sql").path
        let warning = "warning: \(broken):3: query broken: param when: unknown type 'datetime'"

        let shipped = try CLI.run(["query", "unlicensed-by-town", "--format", "csv", "--db", db.path])
        #expect(shipped.status == 0, "\(shipped.err)")
        #expect(shipped.err.contains(warning) && shipped.err.contains("(left out; the other queries run)"), "\(shipped.err)")
        #expect(String(decoding: shipped.out, as: UTF8.self).hasPrefix("prefecture_code,prefecture_name,county_code,county_name,town_code,"))
        let mine = try CLI.run(["query", "names", "--format", "csv", "--db", db.path])
        #expect(mine.status == 0 && String(decoding: mine.out, as: UTF8.self).hasPrefix("source_id,name\r\nS001,"), "\(mine.err)")
        let list = try CLI.run(["query", "--list", "--db", db.path])
        #expect(list.status == 0 && list.err.contains(warning))
        let listed = String(decoding: list.out, as: UTF8.self)
        #expect(listed.contains("names\n") && !listed.contains("broken\n"))
        // Asked for by name, the broken query is its error.
        let asked = try CLI.run(["query", "broken", "--db", db.path])
        #expect(asked.status == 2)
        #expect(asked.err.contains("error: \(broken):3: query broken: param when: unknown type 'datetime'"), "\(asked.err)")
    }

    @Test(.requires(.gdal))
    func geojsonOutputReadsBackInOGR() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let file = db.directory.appendingPathComponent("towns.geojson")
        // The full export: points with every property, rows in any province.
        let name = "sources"
        #expect(try QueryCatalog().query(named: name).geometryColumn != nil)
        let result = try CLI.run(["query", name, "--db", db.path, "--format", "geojson", "--output", file.path])
        #expect(result.status == 0, "\(result.err)")
        let collector = CollectingWriter()
        try QueryRunner(database: try SpatialDatabase(path: db.path, readOnly: true)).run(try QueryCatalog().query(named: name), parameters: [:], writer: collector)
        let info = try CLI.tool("ogrinfo", ["-ro", "-al", "-so", file.path])
        #expect(info.status == 0, "\(info.output)")
        #expect(info.output.contains("Feature Count: \(collector.rows.count)"), "\(info.output)")
        #expect(info.output.contains("Geometry: Multi Polygon") || info.output.contains("Geometry: Point"), "\(info.output)")
    }

    @Test(.requires(.gdal))
    func excelCSVKeepsChineseNamesForSpreadsheetReaders() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let directory = db.directory.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try """
            -- title: Names
            -- description: Every source's name.
            SELECT source_id, name FROM sources ORDER BY source_id
            """.write(to: directory.appendingPathComponent("names.sql"), atomically: true, encoding: .utf8)
        let file = db.directory.appendingPathComponent("names.csv")
        let result = try CLI.run(["query", "names", "--db", db.path, "--queries", directory.path, "--format", "csv", "--excel", "--output", file.path])
        #expect(result.status == 0, "\(result.err)")
        let bytes = try Data(contentsOf: file)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        // GDAL's CSV driver, as spreadsheet importers do, reads the BOM as an encoding mark.
        let info = try CLI.tool("ogrinfo", ["-ro", "-al", "-q", file.path])
        #expect(info.status == 0, "\(info.output)")
        #expect(info.output.contains("source_id (String) = S001"), "\(info.output)")
        #expect(info.output.contains("name (String) = 东镇化工厂"), "\(info.output)")
    }

    @Test func refusalsExitNonZeroWithAMessageAndChangeNothing() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let directory = db.directory.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "-- title: Wipe\n-- description: d\nDELETE FROM sources".write(to: directory.appendingPathComponent("wipe.sql"), atomically: true, encoding: .utf8)
        let before = db.fileBytes()
        let wipe = try CLI.run(["query", "wipe", "--db", db.path, "--queries", directory.path])
        #expect(wipe.status == 2)
        #expect(wipe.err.contains("query wipe: refused: the statement would write to the database; queries are read-only"), "\(wipe.err)")
        let unknown = try CLI.run(["query", "no-such", "--db", db.path])
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("no query named 'no-such'"), "\(unknown.err)")
        let required = try QueryCatalog().all.first { $0.parameters.contains { $0.requirement == .required } }
        if let required, let parameter = required.parameters.first(where: { $0.requirement == .required }) {
            let missing = try CLI.run(["query", required.name, "--db", db.path])
            #expect(missing.status == 2)
            #expect(missing.err.contains("query \(required.name): parameter \(parameter.name) is required"), "\(missing.err)")
        }
        #expect(db.fileBytes() == before)
    }
}
