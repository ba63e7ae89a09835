import Enforcement
import Foundation
@testable import PermitWatch
import SpatiaLiteStore
import Store
import Testing

/// A first load is written while it is read (`StreamingSourceLoad`), in batches; these tests cut
/// a register of a few thousand rows into batches of 256 so that rows, duplicates and bad rows
/// fall in different batches, and check that the register, the report, the events and the
/// rejects file are exactly those of the same file read whole first.
@Suite("A register written while it is read equals one read whole")
struct StreamingIngestTests {
    static let rowCount = 3_000

    /// `rowCount` rows over the fixture county and the sea beside it, in no id order, with a
    /// repeated id unless told not to (row 2,500 names row 10's source, R01190), warnings (USCC check characters), declared
    /// areas (some elsewhere), an unknown column, and the bad rows `bad` adds by row index.
    static func register(
        category: (Int) -> String = { ["key", "simplified", "registration", ""][$0 % 4] }, repeatingAnID: Bool = true, bad: [Int: String] = [:]
    ) -> String {
        var text = "source_id,name,uscc,status,category,deadline,lon,lat,行政区划代码,LAW\n"
        func id(_ i: Int) -> String { "R" + String(format: "%05d", (i * 7_919) % rowCount) }
        for i in 0..<rowCount {
            let uscc = i % 50 == 0 ? "91440101MA59C0RR2H" : (i % 77 == 0 ? "91440101MA59C0RR2X" : "")
            let status = ["permitted", "registered", "rectifying", "special", "unlicensed", "无证"][i % 6]
            let deadline = status == "rectifying" && i % 12 != 2 ? "2020-\(String(format: "%02d", i % 12 + 1))-15" : ""
            let lon = 113.0 + Double((i * 37) % 2_100) / 10_000, lat = 23.0 + Double((i * 53) % 1_000) / 10_000
            let declared = i % 100 == 0 ? "440102" : "440101"
            let row = "\(i == 2_500 && repeatingAnID ? id(10) : id(i)),厂\(i),\(uscc),\(status),\(category(i)),\(deadline),\(lon),\(lat),\(declared),\(i % 2 == 0 ? "CAA" : "")"
            text += (bad[i] ?? row) + "\n"
        }
        return text
    }

    /// Two badly formed rows, one of them the last.
    static let badRows = [1_200: "R99999,坏厂,,registered,,,,23.05,440101,", 2_999: "R99998,错厂,,licenced-ish,,,113.1,23.05,440101,"]

    struct Load {
        var report: SourceIngest.Report
        var sources: [SourceRecord]
        var events: [String: Int]
        var rejects: Data?
    }

    /// Loads the file at `path` into a new database of the fixture areas; both ways read the
    /// same path, so that their messages can be compared whole.
    static func load(_ path: String, whole: Bool, options: SourceIngest.Options) throws -> Load {
        let db = try TemporaryDatabase()
        try loadFixtureAreas(into: db)
        var options = options
        options.writesWhileReading = !whole
        options.batchRows = 256
        let report = try SourceIngest(database: db.database, logger: quietLogger).run(file: path, options: options)
        return Load(
            report: report, sources: try db.database.fetchSources(), events: try db.database.eventCounts(),
            rejects: report.rejectsFile.flatMap { FileManager.default.contents(atPath: $0) })
    }

    static func loadFixtureAreas(into db: TemporaryDatabase) throws {
        for (level, file) in [(AreaLevel.prefecture, "prefectures"), (.county, "counties"), (.town, "towns"), (.grid, "grids")] {
            var options = AreaIngest.Options(level: level)
            options.reassign = false
            _ = try AreaIngest(database: db.database, logger: quietLogger).run(file: Fixtures.path("good/\(file).geojson"), options: options)
        }
    }

    static func expectSame(_ streamed: Load, _ whole: Load, sourceLocation: SourceLocation = #_sourceLocation) {
        let a = streamed.report, b = whole.report
        #expect(a.rows == b.rows, sourceLocation: sourceLocation)
        #expect(a.loaded == b.loaded, sourceLocation: sourceLocation)
        #expect(a.rejected == b.rejected, sourceLocation: sourceLocation)
        #expect(a.added == b.added, sourceLocation: sourceLocation)
        #expect(a.events == b.events, sourceLocation: sourceLocation)
        #expect(a.rejectedNew == b.rejectedNew, sourceLocation: sourceLocation)
        #expect(a.unidentifiedRejects == b.unidentifiedRejects, sourceLocation: sourceLocation)
        #expect(a.attributeColumns == b.attributeColumns, sourceLocation: sourceLocation)
        #expect(a.warnings == b.warnings, sourceLocation: sourceLocation)
        #expect(a.assignment == b.assignment, sourceLocation: sourceLocation)
        #expect(streamed.sources == whole.sources, sourceLocation: sourceLocation)
        #expect(streamed.events == whole.events, sourceLocation: sourceLocation)
        #expect(streamed.rejects == whole.rejects, sourceLocation: sourceLocation)
    }

    /// The register written to a file in a directory of its own.
    static func file(_ text: String) throws -> (path: String, directory: TemporaryDatabase) {
        let directory = try TemporaryDatabase()
        let path = directory.directory.appendingPathComponent("register.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, directory)
    }

    @Test func skippingBadRowsAndARepeatedIDAcrossBatches() throws {
        var options = SourceIngest.Options()
        options.onError = .skip
        options.asOf = "2020-06-30"
        let (path, directory) = try Self.file(Self.register(bad: Self.badRows))
        defer { _ = directory }
        let streamed = try Self.load(path, whole: false, options: options)
        let whole = try Self.load(path, whole: true, options: options)
        Self.expectSame(streamed, whole)
        #expect(streamed.report.timings.contains { $0.part.contains("overlapped") }, "written while read")
        #expect(!whole.report.timings.contains { $0.part.contains("overlapped") }, "read whole first")
        // What both should say, so that agreeing on nothing cannot pass.
        #expect(streamed.report.rows == Self.rowCount)
        #expect(streamed.report.rejected == 3)
        #expect(streamed.report.loaded == Self.rowCount - 3)
        #expect(streamed.report.events == Self.rowCount - 3)
        #expect(streamed.sources.count == Self.rowCount - 3)
        #expect(streamed.report.assignment.locationMismatches ?? 0 > 0)
        #expect(streamed.report.assignment.inside > 0 && streamed.report.assignment.unassigned + streamed.report.assignment.snapped > 0)
        let rejects = String(decoding: try #require(streamed.rejects), as: UTF8.self)
        #expect(rejects.contains("2502,\"R01190,厂2500,"), "the repeated id's row, on line 2,502")
        #expect(rejects.contains("duplicate id R01190 (first on line 12)"))
    }

    @Test func aBadRowInTheLastBatchRejectsTheFileAndChangesNothing() throws {
        let (path, directory) = try Self.file(Self.register(bad: Self.badRows))
        defer { _ = directory }
        var messages: [[String]] = []
        for whole in [false, true] {
            let db = try TemporaryDatabase()
            try Self.loadFixtureAreas(into: db)
            let before = db.fileBytes()
            var options = SourceIngest.Options()
            options.writesWhileReading = !whole
            options.batchRows = 256
            let error = try #require(throws: RejectedInput.self) {
                _ = try SourceIngest(database: db.database, logger: quietLogger).run(file: path, options: options)
            }
            messages.append(error.problems.map(\.description))
            #expect(db.fileBytes() == before, "the database changed after the rejection (whole: \(whole))")
            #expect(try db.database.sourceCount() == 0)
        }
        #expect(messages[0] == messages[1])
        #expect(messages[0].count == 3)
        #expect(messages[0].contains { $0.hasSuffix(":3001: status: 'licenced-ish' is not a status; expected one of permitted/排污许可, registered/登记, rectifying/限期整改, special/特殊情形, unlicensed/无证 (--status-field NAME reads the status from another column, --status-field none ignores this one)") })
        #expect(messages[0].contains { $0.hasSuffix(":2502: source_id: duplicate id R01190 (first on line 12); expected each source once") })
    }

    /// The `category` column holds pollutant media: found only once every row is read, so the
    /// streamed load starts again and reads the file whole.
    @Test func aColumnThatOnlySharesAFieldsNameIsFoundAfterTheLastBatch() throws {
        let (path, directory) = try Self.file(Self.register(category: { ["air", "water", "solid_waste"][$0 % 3] }, repeatingAnID: false))
        defer { _ = directory }
        let streamed = try Self.load(path, whole: false, options: .init())
        let whole = try Self.load(path, whole: true, options: .init())
        Self.expectSame(streamed, whole)
        #expect(!streamed.report.timings.contains { $0.part.contains("overlapped") }, "started again and read whole")
        #expect(streamed.report.attributeColumns == ["category", "LAW"])
        #expect(streamed.sources.allSatisfy { $0.category == nil })
    }
}
