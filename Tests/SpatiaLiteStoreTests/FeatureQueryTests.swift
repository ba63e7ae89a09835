import Enforcement
import Foundation
import GeoKit
@testable import SpatiaLiteStore
import Store
import Testing

/// Feature requests against random sources: counts and pages equal a scan of the records, and
/// the in-memory source index follows the data when a write moves the generation on.
@Suite("Feature queries")
struct FeatureQueryTests {
    static func records(_ count: Int, seed: UInt64) -> [SourceRecord] {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let statuses: [SourceStatus] = [.permitted, .registered, .rectifying, .special, .unlicensed]
        return (0..<count).map { i in
            let c = Coordinate(112 + 2 * next(), 22 + 1.5 * next())
            var record = SourceRecord(
                sourceID: String(format: "S%05d", i), name: "s\(i)", status: statuses[i % 5], location: c, projected: MetricCRS.epsg4547.forward(c))
            record.statusDate = String(format: "2020-%02d-%02d", 1 + i % 12, 1 + i % 28)
            record.category = i % 3 == 0 ? "key" : nil
            return record
        }
    }

    @Test func countsAndPagesEqualAScanAndFollowWrites() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("features-\(UUID().uuidString).sqlite").path
        let db = try SpatialDatabase(path: path)
        let log = IngestLogEntry(kind: "test", file: "-", rows: 0, warnings: 0, metricCRS: .epsg4547)
        var records = Self.records(4000, seed: 3)
        try db.replaceSources(records, events: [], log: log)
        let sources = try #require(FeatureCollectionDefinition.named("sources"))
        let generation = try db.dataGeneration()

        for (box, equals, dates) in [
            (BoundingBox(minX: 112.5, minY: 22.5, maxX: 113.1, maxY: 23.0), [:], nil),
            (BoundingBox(minX: 112.0, minY: 22.0, maxX: 114.0, maxY: 23.5), ["status": "unlicensed"], nil),
            (nil, ["category": "key", "status": "permitted"], FeatureQuery.DateRange(start: "2020-03-01", end: "2020-06-30")),
            (BoundingBox(minX: 100, minY: 0, maxX: 100.5, maxY: 0.5), [:], nil),
            (nil, ["status": "no-such-status"], nil),
        ] as [(BoundingBox?, [String: String], FeatureQuery.DateRange?)] {
            let expected = records.filter { r in
                (box.map { r.location.x >= $0.minX && r.location.x <= $0.maxX && r.location.y >= $0.minY && r.location.y <= $0.maxY } ?? true)
                    && (equals["status"].map { r.status.rawValue == $0 } ?? true) && (equals["category"].map { r.category == $0 } ?? true)
                    && (dates.map { d in r.statusDate.map { $0 >= d.start! && $0 <= d.end! } ?? false } ?? true)
            }.map(\.sourceID)
            var ids: [String] = []
            var matched = -1
            for offset in stride(from: 0, to: max(expected.count, 1), by: 250) {
                _ = try db.streamFeatures(
                    FeatureQuery(collection: sources, bbox: box, equals: equals, dates: dates, limit: 250, offset: offset), timeLimit: 10,
                    matched: { matched = $0 },
                    row: { row in if case .text(let bytes) = row.id { ids.append(String(decoding: bytes, as: UTF8.self)) } })
            }
            #expect(matched == expected.count, "\(String(describing: box)) \(equals)")
            #expect(ids == expected)
        }

        // A write moves the generation on, and the next request sees the new data.
        records = Self.records(1500, seed: 9)
        try db.replaceSources(records, events: [], log: log)
        #expect(try db.dataGeneration() > generation)
        var matched = -1
        _ = try db.streamFeatures(FeatureQuery(collection: sources, limit: 1), timeLimit: 10, matched: { matched = $0 }, row: { _ in })
        #expect(matched == 1500)
        let extent = try db.featureExtent(sources)
        #expect(extent.bbox?.minX == records.map(\.location.x).min())
        #expect(extent.lastDay == records.compactMap(\.statusDate).max())
    }
}
