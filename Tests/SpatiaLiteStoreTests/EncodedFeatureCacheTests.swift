import Enforcement
import FeatureMemory
import Foundation
import GeoKit
@testable import SpatiaLiteStore
import Store
import Testing

/// The sources' encoded features kept between pages: sent again only while the source is
/// unchanged in the reader's snapshot, so a page with them is byte for byte the page read and
/// encoded afresh, after status changes, new sources and an ingest alike.
@Suite("Encoded features kept between pages")
struct EncodedFeatureCacheTests {
    /// Every value of the row, so any change of the source changes its bytes.
    static func encode(_ row: FeatureRow) throws -> [UInt8] {
        func text(_ value: FeatureRow.Value) -> String {
            switch value {
            case .null: "∅"
            case .integer(let v): String(v)
            case .real(let v): String(v)
            case .text(let bytes): String(decoding: bytes, as: UTF8.self)
            }
        }
        let properties = FeatureCollectionDefinition.sources.properties.indices.map { text(row.property($0)) }
        var point = ""
        if case .point(let c) = try row.geometry() { point = "\(c.x),\(c.y)" }
        return Array(([text(row.id)] + properties + [point]).joined(separator: "|").utf8)
    }

    /// The page's features as `db` streams them encoded; counts the rows it encoded.
    static func page(_ db: SpatialDatabase, _ box: BoundingBox?, _ equals: [String: String], encoded: inout Int) throws -> (Int, [[UInt8]]) {
        var features: [[UInt8]] = []
        var matched = -1
        var count = 0
        _ = try db.streamEncodedFeatures(
            FeatureQuery(collection: .sources, bbox: box, equals: equals, dates: nil, limit: 10_000, offset: 0), timeLimit: 10,
            matched: { matched = $0 }, encode: { row in count += 1; return try Self.encode(row) }, feature: { features.append($0) })
        encoded += count
        return (matched, features)
    }

    @Test func keptFeaturesAreTheFeaturesReadAfreshAcrossWrites() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("encoded-features-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let db = try SpatialDatabase(path: path)
        let records = FeatureQueryTests.records(3000, seed: 23)
        try db.replaceSources(records, events: [], log: IngestLogEntry(kind: "test", file: "-", rows: 0, warnings: 0, metricCRS: .epsg4547))
        try db.prepareForServing(keepingEncodedFeatures: 16 << 20)

        /// Every query on `db` (keeping features) equals the same on a store that keeps none.
        func expectAsFresh(_ note: String) throws {
            let fresh = try SpatialDatabase(path: path, readOnly: true)
            var ignored = 0
            for (box, equals) in SourceIndexPatchTests.queries {
                let kept = try Self.page(db, box, equals, encoded: &ignored)
                let read = try Self.page(fresh, box, equals, encoded: &ignored)
                #expect(kept.0 == read.0 && kept.1 == read.1, "\(note): \(String(describing: box)) \(equals)")
            }
        }

        var encoded = 0
        _ = try Self.page(db, nil, [:], encoded: &encoded)
        #expect(encoded == 3000)
        // Nothing changed: every feature is sent as kept, none read or encoded again.
        encoded = 0
        for (box, equals) in SourceIndexPatchTests.queries { _ = try Self.page(db, box, equals, encoded: &encoded) }
        #expect(encoded == 0)
        #expect(db.encodedFeatureCache.usage.features > 0)
        try expectAsFresh("unchanged")

        // Status changes: exactly the changed sources are encoded again.
        let changedIDs = stride(from: 0, to: 3000, by: 101).map { records[$0].sourceID }
        for id in changedIDs {
            let change = FieldEvent(
                event: EventRecord(sourceID: id, date: "2021-01-05", kind: .noticeIssued, status: .rectifying, deadline: "2021-03-01"), details: nil)
            _ = try db.recordFieldWrite(.statusChange(change), author: "t", request: "PATCH", idempotency: nil) { _ in StoredReply(status: 200, contentType: "", body: []) }
        }
        encoded = 0
        var ignored = 0
        let everything = try Self.page(db, nil, [:], encoded: &encoded)
        #expect(encoded == changedIDs.count)
        #expect(everything.1.count == 3000)
        try expectAsFresh("after status changes")

        // A source found in the field, in a kept box.
        let c = Coordinate(113.0, 23.0)
        let found = SourceRecord(sourceID: "", name: "found", status: .unlicensed, statusDate: "2021-02-01", location: c, projected: MetricCRS.epsg4547.forward(c))
        let event = FieldEvent(event: EventRecord(sourceID: "", date: "2021-02-01", kind: .discovered, status: .unlicensed), details: nil)
        _ = try db.recordFieldWrite(.newSource(found, event), author: "t", request: "POST", idempotency: nil) { _ in StoredReply(status: 201, contentType: "", body: []) }
        try expectAsFresh("after a new source")

        // An ingest that renames every source: nothing kept may be sent.
        let renamed = records.map { record in
            var record = record
            record.name = record.name + " (renamed)"
            return record
        }
        try db.replaceSources(renamed, events: [], log: IngestLogEntry(kind: "test", file: "-", rows: 0, warnings: 0, metricCRS: .epsg4547))
        encoded = 0
        let afterIngest = try Self.page(db, nil, [:], encoded: &encoded)
        #expect(encoded == 3000 && afterIngest.1.allSatisfy { String(decoding: $0, as: UTF8.self).contains("(renamed)") })
        try expectAsFresh("after an ingest")
    }

    /// The rules by generation: a reader may send bytes when the source's last change is in its
    /// snapshot and in the bytes; it keeps what it encoded only when its snapshot holds that change.
    @Test func bytesAreSentOnlyToSnapshotsThatHoldTheSourcesLastChange() {
        let cache = EncodedFeatureCache()
        cache.setBudget(1 << 20)
        cache.reset(at: 5)
        cache.keep([(1, [1]), (2, [2])], at: 5)
        #expect(cache.features([1, 2, 3], at: 5) == [[1], [2], nil])
        #expect(cache.features([1], at: 4) == [nil], "a snapshot from before the reset")
        cache.changed([1], at: 7)
        #expect(cache.features([1, 2], at: 7) == [nil, [2]])
        cache.keep([(1, [10])], at: 6)
        #expect(cache.features([1], at: 8) == [nil], "encoded in a snapshot without the change")
        cache.keep([(1, [11])], at: 7)
        #expect(cache.features([1], at: 8) == [[11]])
        #expect(cache.features([1], at: 6) == [nil], "a snapshot older than the change")
        cache.reset(at: 9)
        #expect(cache.features([1, 2], at: 9) == [nil, nil] && cache.usage.features == 0)
        // An index read whole for an old snapshot (generation 10 after changes up to 12): the
        // bytes a reader of 10 encodes must not serve a reader of 12.
        cache.changed([6], at: 12)
        cache.reset(at: 10)
        cache.keep([(6, [60])], at: 10)
        #expect(cache.features([6], at: 12) == [nil])
        cache.keep([(6, [61])], at: 12)
        #expect(cache.features([6], at: 12) == [[61]])
        // The budget: what does not fit is not kept.
        cache.setBudget(100)
        cache.keep([(4, [UInt8](repeating: 0, count: 200))], at: 9)
        #expect(cache.features([4], at: 9) == [nil])
        cache.setBudget(0)
        cache.keep([(5, [5])], at: 9)
        #expect(cache.features([5], at: 9) == [nil])
    }
}
