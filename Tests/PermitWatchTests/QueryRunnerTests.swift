import FileWriting
import Foundation
import PermitWatch
import SpatiaLiteStore
import Store
import Testing

/// Collects rows in memory, for assertions.
final class CollectingWriter: QueryResultWriter {
    var columns: [String] = []
    var rows: [[SQLValue]] = []
    func begin(columns: [String], geometryColumn: Int?) throws { self.columns = columns }
    func row(_ values: [SQLValue], geometry: GeoJSONGeometry?) throws { rows.append(values) }
    func end() throws {}
}

import GeoKit

@Suite("Query runner: headers, parameters, refusals, output")
struct QueryRunnerTests {
    static let header = """
        -- title: Sources of a status
        -- description: Current sources of one status in one town.
        -- param: status text required: the status
        -- param: town code optional
        -- param: limit_to integer default 10
        -- geometry: geometry
        """

    func fixture() throws -> (TemporaryDatabase, QueryRunner) {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        return (db, QueryRunner(database: try SpatialDatabase(path: db.path, readOnly: true), timeLimit: 5))
    }

    @Test func bindsParametersAndDefaults() throws {
        let (db, runner) = try fixture()
        defer { withExtendedLifetime(db) {} }
        let query = try QueryDefinition(name: "by-status", text: Self.header + """

            SELECT source_id, name, geometry FROM sources
            WHERE status = :status AND (:town IS NULL OR town_code = :town) ORDER BY source_id LIMIT :limit_to
            """, origin: "test")
        let writer = CollectingWriter()
        try runner.run(query, parameters: ["status": "registered"], writer: writer)
        #expect(writer.columns == ["source_id", "name", "geometry"])
        #expect(writer.rows.map { $0[0] } == [.text("S002")])
        let none = CollectingWriter()
        try runner.run(query, parameters: ["status": "registered", "town": "440101001"], writer: none)
        #expect(none.rows.isEmpty)
    }

    @Test func parameterErrorsNameTheQueryAndTheParameterAndRunNothing() throws {
        let (db, runner) = try fixture()
        let query = try QueryDefinition(name: "by-status", text: Self.header + "\nSELECT source_id, geometry FROM sources WHERE status = :status LIMIT :limit_to", origin: "test")
        let before = db.fileBytes()
        #expect(throws: QueryError.missingParameter(query: "by-status", parameter: "status", expected: "text")) {
            try runner.run(query, parameters: [:], writer: CollectingWriter())
        }
        #expect(throws: QueryError.invalidParameter(query: "by-status", parameter: "limit_to", value: "ten", expected: "an integer")) {
            try runner.run(query, parameters: ["status": "x", "limit_to": "ten"], writer: CollectingWriter())
        }
        // SQL in a value is a value: bound, never spliced. A code may not even contain it.
        #expect(throws: QueryError.invalidParameter(query: "by-status", parameter: "town", value: "1' OR '1'='1", expected: "a code (letters, digits, _ - .)")) {
            try runner.run(query, parameters: ["status": "x", "town": "1' OR '1'='1"], writer: CollectingWriter())
        }
        let injected = CollectingWriter()
        try runner.run(query, parameters: ["status": "registered' OR '1'='1"], writer: injected)
        #expect(injected.rows.isEmpty)
        #expect(db.fileBytes() == before)
    }

    @Test func writingStatementsAreRefusedAndChangeNothing() throws {
        let (db, runner) = try fixture()
        let before = db.fileBytes()
        for (name, sql) in [
            ("delete", "DELETE FROM sources"),
            ("update", "UPDATE sources SET status = 'permitted'"),
            ("drop", "DROP TABLE events"),
            ("attach", "ATTACH DATABASE '/tmp/x.sqlite' AS x"),
            ("pragma", "PRAGMA user_version = 7"),
            ("two", "SELECT 1; DELETE FROM sources"),
        ] {
            let query = try QueryDefinition(name: name, text: "-- title: t\n-- description: d\n" + sql, origin: "test")
            let error = try #require(throws: QueryError.self) { try runner.run(query, parameters: [:], writer: CollectingWriter()) }
            guard case .refused(let queryName, let reason) = error else {
                Issue.record("expected a refusal for \(name), got \(error)")
                continue
            }
            #expect(queryName == name)
            #expect(reason.contains("read-only") || reason.contains("more than one SQL statement"), "\(reason)")
        }
        #expect(try db.database.fetchSources().count == 5)
        #expect(db.fileBytes() == before)
    }

    @Test func brokenHeadersAreReportedWithFileAndLine() throws {
        #expect(throws: QueryError.brokenHeader(query: "q", file: "q.sql", line: 3, message: "param when: unknown type 'datetime'; expected 'param: NAME TYPE required|optional|default VALUE[: description]' with TYPE one of text, code, integer, real, date, isoweek, bbox, point, status, event, area, choice (a number may add a bound such as real>0 or integer>=1, a date one such as date>=from, text a minimum length such as text>=2; +WORD accepts WORD too)")) {
            _ = try QueryDefinition(name: "q", text: "-- title: t\n-- description: d\n-- param: when datetime required\nSELECT 1", origin: "q.sql")
        }
        #expect(throws: QueryError.brokenHeader(query: "q", file: "q.sql", line: 1, message: "missing '-- title: …' line")) {
            _ = try QueryDefinition(name: "q", text: "-- description: d\nSELECT 1", origin: "q.sql")
        }
        #expect(throws: QueryError.brokenHeader(query: "q", file: "q.sql", line: 3, message: "param n: default 'x' is not an integer")) {
            _ = try QueryDefinition(name: "q", text: "-- title: t\n-- description: d\n-- param: n integer default x\nSELECT 1", origin: "q.sql")
        }
        // Bounds and listed words are declared with the type and checked like it.
        #expect(throws: QueryError.brokenHeader(query: "q", file: "q.sql", line: 3, message: "param r: default '0' is not a number above 0")) {
            _ = try QueryDefinition(name: "q", text: "-- title: t\n-- description: d\n-- param: r real>0 default 0\nSELECT 1", origin: "q.sql")
        }
        #expect(throws: QueryError.brokenHeader(query: "q", file: "q.sql", line: 3, message: "param to: '>=start' names no date parameter of this query")) {
            _ = try QueryDefinition(name: "q", text: "-- title: t\n-- description: d\n-- param: to date>=start required\nSELECT 1", origin: "q.sql")
        }
        let choice = try QueryDefinition(name: "q", text: "-- title: t\n-- description: d\n-- param: grid choice+admin+square default admin\nSELECT 1", origin: "q.sql")
        #expect(choice.parameters[0].declaredType == "choice+admin+square" && choice.parameters[0].expected == "one of admin, square")
        #expect(try choice.bindings(for: ["grid": "Square"], metricCRS: nil)["grid"] == .text("square"))
        #expect(throws: QueryError.invalidParameter(query: "q", parameter: "grid", value: "hex", expected: "one of admin, square")) {
            _ = try choice.bindings(for: ["grid": "hex"], metricCRS: nil)
        }
    }

    @Test func structuredParametersBindTheirParts() throws {
        let (db, runner) = try fixture()
        defer { withExtendedLifetime(db) {} }
        // A week must meet the history: one event at the end of 2020.
        let source = try #require(db.database.fetchSources().first)
        try db.database.appendEvents(
            [EventRecord(sourceID: source.sourceID, date: "2020-12-30", kind: .inspected, status: nil)],
            log: IngestLogEntry(kind: "events", file: "test", rows: 1, warnings: 0))
        let query = try QueryDefinition(name: "parts", text: """
            -- title: t
            -- description: d
            -- param: week isoweek required
            -- param: box bbox required
            -- param: at point required
            SELECT :week, :week_start, :week_end, :box_minlon, :box_maxlat, :at_lon, :at_lat, :at_x, :at_y
            """, origin: "test")
        let writer = CollectingWriter()
        try runner.run(query, parameters: ["week": "2020-W53", "box": "113,22,114,23", "at": "114,23"], writer: writer)
        let row = try #require(writer.rows.first)
        #expect(row[0] == .text("2020-W53"))
        #expect(row[1] == .text("2020-12-28"))
        #expect(row[2] == .text("2021-01-03"))
        #expect(row[3] == .real(113) && row[4] == .real(23))
        let projected = MetricCRS.epsg4547.forward(Coordinate(114, 23))
        #expect(row[7] == .real(projected.x) && row[8] == .real(projected.y))
        #expect(throws: QueryError.self) { try runner.run(query, parameters: ["week": "2020-W54", "box": "113,22,114,23", "at": "114,23"], writer: CollectingWriter()) }
        #expect(throws: QueryError.invalidParameter(
            query: "parts", parameter: "week", value: "2020-W51",
            expected: "a week the data's events reach (2020-12-30, in 2020-W53, to 2020-12-30, in 2020-W53)")) {
            try runner.run(query, parameters: ["week": "2020-W51", "box": "113,22,114,23", "at": "114,23"], writer: CollectingWriter())
        }
    }

    @Test func runawayQueriesAreInterrupted() throws {
        let (db, runner) = try fixture()
        defer { withExtendedLifetime(db) {} }
        var fast = runner
        fast.timeLimit = 0.2
        let query = try QueryDefinition(name: "forever", text: """
            -- title: t
            -- description: d
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n
            """, origin: "test")
        let started = Date()
        let error = try #require(throws: QueryError.self) { try fast.run(query, parameters: [:], writer: CollectingWriter()) }
        #expect(Date().timeIntervalSince(started) < 5)
        #expect("\(error)".contains("interrupted after 0.2 s"))
    }

    @Test func geojsonNeedsAGeometryColumn() throws {
        let (db, runner) = try fixture()
        defer { withExtendedLifetime(db) {} }
        let query = try QueryDefinition(name: "plain", text: "-- title: t\n-- description: d\nSELECT 1 AS one", origin: "test")
        let sink = ByteSink { _ in }
        #expect(throws: QueryError.noGeometry(query: "plain")) {
            try runner.run(query, parameters: [:], writer: GeoJSONResultWriter(sink: sink))
        }
    }

    @Test func userFoldersAddQueriesAndOverrideShippedOnes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("queries-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let shipped = try QueryCatalog()
        let some = try #require(shipped.all.first)
        try "-- title: Mine\n-- description: d\nSELECT 2 AS two".write(to: directory.appendingPathComponent("mine.sql"), atomically: true, encoding: .utf8)
        try "-- title: Replaced\n-- description: d\nSELECT 3 AS three".write(to: directory.appendingPathComponent("\(some.name).sql"), atomically: true, encoding: .utf8)
        let catalog = try QueryCatalog(directories: [directory])
        #expect(try catalog.query(named: "mine").title == "Mine")
        #expect(try catalog.query(named: some.name).title == "Replaced")
        #expect(catalog.all.count == shipped.all.count + 1)
        #expect(throws: QueryError.self) { try catalog.query(named: "no-such-query") }
    }

    /// The compiled-in catalog must be exactly the repository's queries/ folder.
    @Test func shippedCatalogMatchesTheQueriesFolder() throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let folder = root.appendingPathComponent("queries")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
        let shipped = try QueryCatalog()
        #expect(shipped.all.map(\.name) == files.map { String($0.dropLast(4)) }.sorted(), "the build plugin embeds queries/*.sql")
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let query = try shipped.query(named: String(file.dropLast(4)))
            #expect(query.sql.trimmingCharacters(in: .whitespacesAndNewlines) == text.trimmingCharacters(in: .whitespacesAndNewlines),
                    "\(file) differs from the compiled-in copy")
        }
    }
}
