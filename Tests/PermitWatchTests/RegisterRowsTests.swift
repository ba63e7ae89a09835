import Enforcement
import FileWriting
import Foundation
import PermitWatch
import SpatiaLiteStore
import Store
import Testing

/// A register as bureaus have them: a few bad rows (`--on-error skip`), columns the product
/// does not know (kept as attributes), a column that only shares a field's name, and the area
/// each source is declared in. The fixture province is one county, 440101, of three towns.
@Suite("Registers with bad rows, unknown columns and declared areas")
struct RegisterRowsTests {
    /// Two good rows and three bad ones: a missing longitude, a status no one uses (in a
    /// quoted row with a comma), a latitude that is not a number.
    static let registerWithBadRows = """
        source_id,name,status,lon,lat,LAW,penalty
        A1,甲厂,registered,113.02,23.02,CAA,100
        A2,乙厂,registered,,23.05,CWA,0
        A3,丙厂,unlicensed,113.15,23.05,,
        A4,"丁厂, 二号",licenced-ish,113.03,23.03,CAA,5
        A5,戊厂,permitted,113.16,abc,CAA,1

        """

    static func write(_ text: String, _ name: String, in db: TemporaryDatabase) throws -> String {
        let path = db.directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func skipping(rejects: String? = nil, maxErrors: Int? = nil) -> SourceIngest.Options {
        var options = SourceIngest.Options()
        options.onError = .skip
        options.rejectsFile = rejects
        options.maxErrors = maxErrors
        return options
    }

    @Test func skipLoadsTheGoodRowsAndWritesEachBadRowWithItsLineFieldAndReason() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let path = try Self.write(Self.registerWithBadRows, "register.csv", in: db)
        let report = try SourceIngest(database: db.database, logger: quietLogger).run(file: path, options: Self.skipping())
        #expect(report.rows == 5)
        #expect(report.loaded == 2)
        #expect(report.rejected == 3)
        #expect(report.added == 2)
        // By default beside the input, named after it.
        let rejectsPath = db.directory.appendingPathComponent("register.rejects.csv").path
        #expect(report.rejectsFile == rejectsPath)
        let rejects = try String(contentsOfFile: rejectsPath, encoding: .utf8)
        let status = "expected one of \(SourceStatus.acceptedSpellings) (--status-field NAME reads the status from another column, --status-field none ignores this one)"
        #expect(rejects == [
            "line,row,field,reason",
            "3,\"A2,乙厂,registered,,23.05,CWA,0\",lon,missing; expected a longitude in degrees",
            "5,\"A4,\"\"丁厂, 二号\"\",licenced-ish,113.03,23.03,CAA,5\",status,\"'licenced-ish' is not a status; \(status)\"",
            "6,\"A5,戊厂,permitted,113.16,abc,CAA,1\",lat,'abc' is not a number; expected a latitude in degrees",
            "",
        ].joined(separator: "\r\n"))
        let ids = try db.database.fetchSources().map(\.sourceID)
        #expect(ids == ["A1", "A3", "S001", "S002", "S003", "S004", "S005"])
        #expect(report.rejectedSummary == "3 rows rejected, written to \(rejectsPath); 3 name no stored source, not added")

        // The rejected rows are stored with the load: the catalog writes the same file again.
        let again = try CLI.run(["query", "ingest-rejects", "--db", db.path, "--format", "csv"])
        #expect(again.status == 0, "\(again.err)")
        #expect(String(decoding: again.out, as: UTF8.self) == rejects)
    }

    /// Ingests the register with bad rows with `options`, which must reject it whole: the
    /// database's bytes unchanged and no rejects file written.
    static func rejectionOfTheWholeRegister(_ options: SourceIngest.Options, sourceLocation: SourceLocation = #_sourceLocation) throws -> RejectedInput {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let path = try write(registerWithBadRows, "register.csv", in: db)
        let before = db.fileBytes()
        let error = try #require(throws: RejectedInput.self, sourceLocation: sourceLocation) {
            _ = try SourceIngest(database: db.database, logger: quietLogger).run(file: path, options: options)
        }
        #expect(db.fileBytes() == before, sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: db.directory.appendingPathComponent("register.rejects.csv").path), sourceLocation: sourceLocation)
        return error
    }

    @Test func theDefaultStillRejectsTheWholeFile() throws {
        let error = try Self.rejectionOfTheWholeRegister(.init())
        #expect(error.problems.map(\.line) == [3, 5, 6])
    }

    @Test func moreBadRowsThanMaxErrorsRejectTheWholeFile() throws {
        let error = try Self.rejectionOfTheWholeRegister(Self.skipping(maxErrors: 2))
        #expect(error.problems.count >= 3)
        #expect(error.description.contains("--max-errors"), "\(error.description)")
    }

    @Test func aRejectsFileThatCannotBeWrittenLoadsNothing() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let path = try Self.write(Self.registerWithBadRows, "register.csv", in: db)
        let before = try DatabaseContents.fingerprint(of: db.path)
        let nowhere = db.directory.appendingPathComponent("no-such-directory/rejects.csv").path
        #expect(throws: OutputFileError.self) {
            _ = try SourceIngest(database: db.database, logger: quietLogger).run(file: path, options: Self.skipping(rejects: nowhere))
        }
        #expect(try DatabaseContents.fingerprint(of: db.path) == before)
    }

    @Test func aSnapshotDoesNotMarkSourcesRemovedWhoseRowsWereRejected() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        // S003's row is bad; S004 and S005 are no longer listed.
        let snapshot = """
            source_id,status,lon,lat
            S001,permitted,113.02,23.02
            S002,registered,113.15,23.05
            S003,rectifying,,23.05

            """
        let path = try Self.write(snapshot, "snapshot.csv", in: db)
        var options = Self.skipping()
        options.asOf = "2020-12-01"
        let report = try SourceIngest(database: db.database, logger: quietLogger).run(file: path, options: options)
        #expect(report.rejected == 1)
        #expect(report.keptRejected == 1)
        #expect(report.removed == 2)
        let removed = try db.database.fetchSources().filter { $0.removedOn != nil }.map(\.sourceID)
        #expect(removed == ["S004", "S005"])
        #expect(report.rejectedSummary?.contains("1 of them name sources on the register, kept as they were (not marked removed)") == true)
    }

    @Test func aRejectedRowWithoutAnIdHoldsEveryRemoval() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let snapshot = """
            source_id,status,lon,lat
            S001,permitted,113.02,23.02
            ,registered,113.15,23.05

            """
        let path = try Self.write(snapshot, "snapshot.csv", in: db)
        var options = Self.skipping()
        options.asOf = "2020-12-01"
        let report = try SourceIngest(database: db.database, logger: quietLogger).run(file: path, options: options)
        #expect(report.unidentifiedRejects == 1)
        #expect(report.removed == 0)
        #expect(report.removalsHeld == 4)
        #expect(try db.database.fetchSources().allSatisfy { $0.removedOn == nil })
        #expect(report.rejectedSummary?.contains("so the 4 sources this snapshot no longer lists were not marked removed") == true)
    }

    @Test func columnsThatMapToNoFieldAreKeptAndReadableFromCatalogSQL() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let path = try Self.write(Self.registerWithBadRows, "register.csv", in: db)
        let report = try SourceIngest(database: db.database, logger: quietLogger).run(file: path, options: Self.skipping())
        #expect(report.attributeColumns == ["LAW", "penalty"])
        let byID = Dictionary(uniqueKeysWithValues: try db.database.fetchSources().map { ($0.sourceID, $0) })
        #expect(byID["A1"]?.attributes == #"{"LAW":"CAA","penalty":"100"}"#)
        #expect(byID["A3"]?.attributes == nil, "empty cells are left out, and an object with none is no object")

        // A user's own catalog query reads them with json_extract.
        let queries = db.directory.appendingPathComponent("queries")
        try FileManager.default.createDirectory(at: queries, withIntermediateDirectories: true)
        try """
            -- title: Sources by law
            -- description: The LAW column kept from the register.
            SELECT source_id, json_extract(attributes, '$.LAW') AS law, json_extract(attributes, '$.penalty') AS penalty
            FROM sources WHERE attributes IS NOT NULL ORDER BY source_id
            """.write(to: queries.appendingPathComponent("by-law.sql"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["query", "by-law", "--db", db.path, "--queries", queries.path, "--format", "csv"])
        #expect(result.status == 0, "\(result.err)")
        #expect(String(decoding: result.out, as: UTF8.self) == "source_id,law,penalty\r\nA1,CAA,100\r\n")
    }

    @Test func keepColumnsNoneDropsThem() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let path = try Self.write(Self.registerWithBadRows, "register.csv", in: db)
        var options = Self.skipping()
        try options.parse(onError: nil, maxErrors: nil, rejects: nil, keepColumns: "none")
        let report = try SourceIngest(database: db.database, logger: quietLogger).run(file: path, options: options)
        #expect(report.attributeColumns.isEmpty)
        #expect(try db.database.fetchSources().allSatisfy { $0.attributes == nil })
    }

    /// Pollutant media in a column called `category`: twelve rows, none a management category.
    static let mediaRegister: String = {
        let media = ["air", "water", "solid_waste"]
        let rows = (1...12).map { "M\($0),registered,\(media[$0 % 3]),113.0\($0 % 10 + 1),23.05" }
        return (["source_id,status,category,lon,lat"] + rows).joined(separator: "\n") + "\n"
    }()

    @Test func aColumnThatOnlySharesAFieldsNameIsKeptAsAnAttribute() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let path = try Self.write(Self.mediaRegister, "media.csv", in: db)
        let report = try SourceIngest(database: db.database, logger: quietLogger).run(file: path, options: .init())
        #expect(report.loaded == 12)
        #expect(report.attributeColumns == ["category"])
        let warning = try #require(report.warnings.first { $0.contains("category") })
        #expect(warning.contains("--category-field category reads it anyway"), "\(warning)")
        #expect(warning.contains("--category-field none"), "\(warning)")
        let m1 = try #require(try db.database.fetchSources().first { $0.sourceID == "M1" })
        #expect(m1.category == nil)
        #expect(m1.attributes == #"{"category":"water"}"#)
    }

    @Test func namingTheColumnReadsItAsTheFieldAndTheErrorNamesTheFlag() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let path = try Self.write(Self.mediaRegister, "media.csv", in: db)
        var options = SourceIngest.Options()
        options.categoryField = "category"
        let before = db.fileBytes()
        let error = try #require(throws: RejectedInput.self) {
            _ = try SourceIngest(database: db.database, logger: quietLogger).run(file: path, options: options)
        }
        let first = try #require(error.problems.first?.description)
        #expect(first.contains("category"), "\(first)")
        #expect(first.contains("--category-field none ignores this one"), "\(first)")
        #expect(db.fileBytes() == before)
    }

    @Test func noneTurnsTheFieldOffWithoutAWarning() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let path = try Self.write(Self.mediaRegister, "media.csv", in: db)
        var options = SourceIngest.Options()
        options.categoryField = "none"
        let report = try SourceIngest(database: db.database, logger: quietLogger).run(file: path, options: options)
        #expect(report.loaded == 12)
        #expect(!report.warnings.contains { $0.contains("category") })
        #expect(report.attributeColumns == ["category"])
    }

    /// Declared areas: the county (consistent), a town the point is not in, the province 44 in
    /// its padded form (consistent), a prefecture that is not loaded, and a point in the sea.
    @Test func sourcesOutsideTheirDeclaredAreaAreCountedAndListed() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let register = """
            source_id,status,lon,lat,行政区划代码
            D1,registered,113.02,23.02,440101
            D2,registered,113.15,23.05,440101001
            D3,registered,113.12,23.06,440000
            D4,registered,113.13,23.07,4402
            D5,registered,113.5,22.5,440101
            D6,registered,113.14,23.08,

            """
        let path = try Self.write(register, "declared.csv", in: db)
        let report = try SourceIngest(database: db.database, logger: quietLogger).run(file: path, options: .init())
        #expect(report.assignment.locationMismatches == 3)
        #expect(report.attributeColumns.isEmpty, "the declared area is a field, not an attribute")
        let flags = Dictionary(uniqueKeysWithValues: try db.database.fetchSources().map { ($0.sourceID, $0.assignment.locationMismatch) })
        #expect(flags["D1"] == false)
        #expect(flags["D2"] == true)
        #expect(flags["D3"] == false)
        #expect(flags["D4"] == true)
        #expect(flags["D5"] == true)
        #expect(flags["D6"] == .some(nil))

        let result = try CLI.run(["query", "location-mismatches", "--db", db.path, "--format", "json"])
        #expect(result.status == 0, "\(result.err)")
        let rows = try #require(try JSONSerialization.jsonObject(with: result.out) as? [[String: Any]])
        // Farthest first, those whose declared code names no loaded area last.
        #expect(rows.map { $0["source_id"] as? String } == ["D5", "D2", "D4"])
        #expect(rows[0]["placement"] as? String == "unassigned")
        #expect(rows[0]["declared_name"] as? String == "示例区")
        // D2 declares the town 东镇 (113.0-113.1 E): scripts/reference_declared_distance.py
        // gives pyproj's geodesic 5,124.2 m to its edge.
        let d2 = rows[1]
        #expect(d2["declared_name"] as? String == "东镇")
        #expect(d2["town_code"] as? String == "440101002")
        let distance = try #require(d2["distance_m"] as? Int)
        #expect(abs(Double(distance) - 5_124.2) < 1)
        #expect(rows[2]["distance_m"] is NSNull, "no loaded area has the code 4402")

        // `assign` checks again after the areas change, and counts the same.
        let again = try Assignment(database: db.database, logger: quietLogger).run(snapDistance: 500)
        #expect(again.locationMismatches == 3)
    }
}
