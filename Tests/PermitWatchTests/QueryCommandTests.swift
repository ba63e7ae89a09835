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
        for query in try QueryCatalog().all { #expect(listed.contains(query.name + "\n"), "\(query.name) missing from --list") }
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
