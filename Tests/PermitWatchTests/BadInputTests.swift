import Enforcement
import Foundation
import PermitWatch
import SpatiaLiteStore
import Store
import Testing

/// One small file per kind of bad input: each is rejected with the message a user needs, and the
/// database is left byte-for-byte as it was.
@Suite("Bad input is rejected and changes nothing")
struct BadInputTests {
    static let sourceCases: [(file: String, expected: String)] = [
        ("unclosed-quote.csv", ":2: a quoted field opened on this line is never closed (expected a closing \")"),
        ("wrong-field-count.csv", ":3: expected 5 fields as in the header, found 3"),
        ("missing-coordinate.csv", ":2: lon: missing; expected a longitude in degrees"),
        ("non-numeric-coordinate.csv", ":2: lat: 'abc' is not a number; expected a latitude in degrees"),
        ("nan-coordinate.csv", ":2: lon: NaN is not a coordinate; expected a finite number"),
        ("out-of-range.csv", ":2: lon,lat: (200.5, 95.0) is out of range; expected longitude in [-180, 180] and latitude in [-90, 90]"),
        ("swapped.csv", ":2: lon,lat: latitude and longitude look swapped (longitude 23.1, latitude 113.3); expected longitude first"),
        ("unknown-status.csv", ":2: status: 'licenced-ish' is not a status; expected one of permitted/排污许可, registered/登记, rectifying/限期整改, special/特殊情形, unlicensed/无证 (--status-field NAME reads the status from another column, --status-field none ignores this one)"),
        ("duplicate-id.csv", ":4: source_id: duplicate id S1 (first on line 2); expected each source once"),
        ("empty.csv", ": the file is empty; expected a header line and one row per source"),
        ("header-only.csv", ": the file has a header but no rows"),
        ("missing-column.csv", ":1: missing column lat (or latitude, y, 纬度); the header has source_id, name, status, lon"),
        ("bad-date.csv", ":2: deadline: '2021-02-30' is not a date; expected YYYY-MM-DD (--deadline-field NAME reads the deadline from another column, --deadline-field none ignores this one)"),
        ("undecodable.csv", ":2: text is neither UTF-8 nor GBK/GB18030 (undecodable byte 0xFF at offset 33)"),
    ]

    static let areaCases: [(file: String, expected: String)] = [
        ("unclosed-ring.geojson", ": feature 0: "),
        ("wrong-geometry-type.geojson", ": feature 0: "),
        ("no-features.geojson", ": the file has no features; expected Polygon or MultiPolygon features"),
        ("not-json.geojson", ": "),
        ("missing-code.geojson", ": feature 1: code: missing; expected the area's code (pass --code-field to name the property)"),
        ("duplicate-code.geojson", ": feature 1: code: duplicate code T1 (first in feature 0); expected each area once"),
    ]

    /// The rejection of a sources file, which must be rejected.
    static func rejection(
        ingestingSources path: String, into db: TemporaryDatabase, options: SourceIngest.Options = .init(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> RejectedInput {
        try #require(throws: RejectedInput.self, sourceLocation: sourceLocation) {
            _ = try SourceIngest(database: db.database, logger: quietLogger).run(file: path, options: options)
        }
    }

    @Test(arguments: sourceCases)
    func sourceFile(file: String, expected: String) throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let before = db.fileBytes()
        let path = Fixtures.path("bad/" + file)
        let error = try Self.rejection(ingestingSources: path, into: db)
        #expect(error.problems.first?.description == path + expected)
        #expect(db.fileBytes() == before, "the database changed after rejecting \(file)")
    }

    @Test(arguments: areaCases)
    func areaFile(file: String, expected: String) throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let before = db.fileBytes()
        let path = Fixtures.path("bad/" + file)
        let error = try #require(throws: RejectedInput.self) {
            _ = try AreaIngest(database: db.database, logger: quietLogger).run(file: path, options: .init(level: .town))
        }
        let message = try #require(error.problems.first?.description)
        #expect(message.hasPrefix(path + expected), "\(message)")
        #expect(db.fileBytes() == before, "the database changed after rejecting \(file)")
    }

    /// Where both orders are valid coordinates (New Jersey: -74.5, 40.2), only the areas tell.
    @Test func swappedCoordinatesThatAreEachInRange() throws {
        let db = try TemporaryDatabase()
        let areas = db.directory.appendingPathComponent("nj.geojson")
        try """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"3400100100"},
            "geometry":{"type":"Polygon","coordinates":[[[-74.6,40.1],[-74.4,40.1],[-74.4,40.3],[-74.6,40.3],[-74.6,40.1]]]}}]}
            """.write(to: areas, atomically: true, encoding: .utf8)
        _ = try AreaIngest(database: db.database, logger: quietLogger).run(file: areas.path, options: .init(level: .town))
        let csv = db.directory.appendingPathComponent("swapped.csv")
        try "id,lon,lat\nNJ1,-74.5,40.2\nNJ2,40.2,-74.5\n".write(to: csv, atomically: true, encoding: .utf8)
        let before = db.fileBytes()
        var options = SourceIngest.Options()
        options.defaultStatus = .registered
        let error = try Self.rejection(ingestingSources: csv.path, into: db, options: options)
        #expect(error.problems.map(\.description) == [
            csv.path + ":3: lon,lat: latitude and longitude look swapped: (40.2, -74.5) is far from every area, (-74.5, 40.2) is inside them"
        ])
        #expect(db.fileBytes() == before)
    }

    /// Every bad row is reported once, in file order, and nothing else: rejected rows leave no
    /// trace that could pass for a duplicate id.
    @Test func everyBadRowIsReportedAndNothingElse() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let csv = db.directory.appendingPathComponent("two-bad-rows.csv")
        try "source_id,status,lon,lat\nS9,registered,113.3,23.1\nS2,registered,,23.1\nS5,licenced-ish,113.3,23.1\nS1,registered,113.3,23.1\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        let before = db.fileBytes()
        let error = try Self.rejection(ingestingSources: csv.path, into: db)
        #expect(error.problems.map(\.description) == [
            csv.path + ":3: lon: missing; expected a longitude in degrees",
            csv.path + ":4: status: 'licenced-ish' is not a status; expected one of \(SourceStatus.acceptedSpellings) (--status-field NAME reads the status from another column, --status-field none ignores this one)",
        ])
        #expect(db.fileBytes() == before)
    }

    /// A JSON file passed as a CSV is one long "header": the message quotes its start, not all of it.
    @Test func aHugeHeaderIsQuotedOnlyInPart() throws {
        let db = try TemporaryDatabase()
        let csv = db.directory.appendingPathComponent("leaves.json")
        try ("[" + (1...2000).map(String.init).joined(separator: ",") + "]\n").write(to: csv, atomically: true, encoding: .utf8)
        let error = try Self.rejection(ingestingSources: csv.path, into: db)
        let first = try #require(error.problems.first?.description)
        #expect(first.hasPrefix(csv.path + ":1: missing column source_id (or id, 编号); the header has [1, 2, 3, 4, "))
        #expect(first.hasSuffix(" … (2000 columns)"))
        #expect(first.count < csv.path.count + 320)
    }

    @Test func aMissingFileOrADirectoryIsNamed() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let before = db.fileBytes()
        let missing = db.directory.appendingPathComponent("no-such.csv").path
        for (path, expected) in [(missing, ": no such file"), (db.directory.path, ": is a directory, expected a file")] {
            let error = try Self.rejection(ingestingSources: path, into: db)
            #expect(error.problems.map(\.description) == [path + expected])
        }
        #expect(db.fileBytes() == before)
    }

    @Test func eventsForUnknownSourcesAreRejected() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let csv = db.directory.appendingPathComponent("events.csv")
        try "source_id,date,kind,status,deadline\nS001,2020-02-01,inspected,,\nNOPE,2020-02-02,discovered,unlicensed,\nS002,2020-13-01,registered,registered,\nS003,2020-03-01,notice_issued,,\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        let before = db.fileBytes()
        let error = try #require(throws: RejectedInput.self) {
            _ = try EventIngest(database: db.database, logger: quietLogger).run(file: csv.path)
        }
        #expect(error.problems.map(\.description) == [
            csv.path + ":3: source_id: no source with id 'NOPE'; expected the id of a loaded source (ingest sources first)",
            csv.path + ":4: date: '2020-13-01' is not a date; expected YYYY-MM-DD",
            csv.path + ":5: status: missing; a notice_issued event needs the status it leads to",
        ])
        #expect(db.fileBytes() == before)
    }

    @Test func invalidUSCCIsAWarningNotARejection() throws {
        let db = try TemporaryDatabase()
        let csv = db.directory.appendingPathComponent("uscc.csv")
        let valid = "91350100M000100Y4" + String(USCC.checkCharacter(for: "91350100M000100Y4")!)
        let wrong = "91350100M000100Y4" + (valid.last == "0" ? "1" : "0")
        try "source_id,name,uscc,status,lon,lat\nA,ok,\(valid),registered,113.3,23.1\nB,early code,\(wrong),registered,113.3,23.1\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        let report = try SourceIngest(database: db.database, logger: quietLogger).run(file: csv.path, options: .init())
        #expect(report.rows == 2)
        #expect(report.warnings.count == 1)
        #expect(report.warnings.first?.hasPrefix(csv.path + ":3: uscc: \(wrong): check character should be \(valid.last!)") == true)
    }
}
