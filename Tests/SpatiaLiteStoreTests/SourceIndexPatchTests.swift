import Enforcement
import Foundation
import GeoKit
import GRDB
@testable import SpatiaLiteStore
import Store
import Testing

/// The source index after field writes: patched row by row from `source_changes`, it answers
/// exactly as an index read afresh from the same data; an ingest makes it read everything again.
@Suite("Source index after field writes")
struct SourceIndexPatchTests {
    static func page(_ db: SpatialDatabase, box: BoundingBox?, equals: [String: String]) throws -> (Int, [String]) {
        let sources = try #require(FeatureCollectionDefinition.named("sources"))
        var ids: [String] = []
        var matched = -1
        _ = try db.streamFeatures(
            FeatureQuery(collection: sources, bbox: box, equals: equals, dates: nil, limit: 10_000, offset: 0), timeLimit: 10,
            matched: { matched = $0 },
            row: { row in if case .text(let bytes) = row.id { ids.append(String(decoding: bytes, as: UTF8.self)) } })
        return (matched, ids)
    }

    static let queries: [(BoundingBox?, [String: String])] = [
        (BoundingBox(minX: 112.5, minY: 22.5, maxX: 113.1, maxY: 23.0), [:]),
        (nil, ["status": "rectifying"]),
        (nil, ["status": "unlicensed"]),
        (BoundingBox(minX: 112.0, minY: 22.0, maxX: 114.0, maxY: 23.5), ["status": "permitted"]),
        (BoundingBox(minX: 112.999, minY: 22.999, maxX: 113.001, maxY: 23.001), [:]),
    ]

    @Test func aPatchedIndexAnswersAsAFreshOne() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("index-patch-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let db = try SpatialDatabase(path: path)
        let records = FeatureQueryTests.records(3000, seed: 11)
        try db.replaceSources(records, events: [], log: IngestLogEntry(kind: "test", file: "-", rows: 0, warnings: 0, metricCRS: .epsg4547))
        for (box, equals) in Self.queries { _ = try Self.page(db, box: box, equals: equals) }
        let before = try db.dataGeneration()

        // Status changes, and new sources (one exactly where a query's small box is).
        for k in stride(from: 0, to: 3000, by: 97) {
            let change = FieldEvent(
                event: EventRecord(sourceID: records[k].sourceID, date: "2021-01-0\(1 + k % 9)", kind: .noticeIssued, status: .rectifying, deadline: "2021-03-01"),
                details: nil)
            _ = try db.recordFieldWrite(.statusChange(change), author: "t", request: "PATCH", idempotency: nil) { _ in StoredReply(status: 200, contentType: "", body: []) }
        }
        for k in 0..<5 {
            let c = Coordinate(113 + Double(k) * 0.0001, 23)
            let record = SourceRecord(sourceID: "", name: "found \(k)", status: .unlicensed, statusDate: "2021-02-01", location: c, projected: MetricCRS.epsg4547.forward(c))
            let event = FieldEvent(event: EventRecord(sourceID: "", date: "2021-02-01", kind: .discovered, status: .unlicensed), details: nil)
            _ = try db.recordFieldWrite(.newSource(record, event), author: "t", request: "POST", idempotency: nil) { _ in StoredReply(status: 201, contentType: "", body: []) }
        }
        // Field writes list their rows; nothing forces a full read.
        let changed = try #require(try db.read { try SourceChanges.rows(since: before, in: $0) })
        #expect(changed.count == 31 + 5)

        let fresh = try SpatialDatabase(path: path, readOnly: true)
        for (box, equals) in Self.queries {
            let patched = try Self.page(db, box: box, equals: equals)
            let read = try Self.page(fresh, box: box, equals: equals)
            #expect(patched.0 == read.0 && patched.1 == read.1, "\(String(describing: box)) \(equals)")
        }
        #expect(try Self.page(db, box: nil, equals: ["status": "rectifying"]).0 == 600 + records.indices.filter { $0 % 97 == 0 && records[$0].status != .rectifying }.count)
        #expect(try Self.page(db, box: BoundingBox(minX: 112.999, minY: 22.999, maxX: 113.001, maxY: 23.001), equals: [:]).1.filter { $0.hasPrefix("FIELD-") }.count == 5)

        // An ingest resets the log: the next index is read whole.
        try db.replaceSources(records, events: [], log: IngestLogEntry(kind: "test", file: "-", rows: 0, warnings: 0, metricCRS: .epsg4547))
        #expect(try db.read { try SourceChanges.rows(since: before, in: $0) } == nil)
        #expect(try Self.page(db, box: nil, equals: ["status": "rectifying"]).0 == 600)
    }
}
