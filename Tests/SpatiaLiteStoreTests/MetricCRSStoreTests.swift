import Enforcement
import Foundation
import GRDB
import GeoKit
@testable import SpatiaLiteStore
import Store
import Testing

/// The metric CRS row: none in a new store, EPSG:4547 for a store made before it existed, taken
/// from the first write that declares one, and never replaced by another write.
@Suite("SpatiaLite store: metric CRS")
struct MetricCRSStoreTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("metric-\(UUID().uuidString).sqlite").path
    }

    static func source(_ id: String, _ location: Coordinate, in crs: MetricCRS) -> SourceRecord {
        SourceRecord(sourceID: id, name: id, status: .registered, location: location, projected: crs.forward(location))
    }

    @Test func aNewStoreHasNoneUntilItsFirstWrite() throws {
        let path = Self.temporaryPath()
        let db = try SpatialDatabase(path: path)
        #expect(try db.metricCRS() == nil)
        let utm = try MetricCRS(parsing: "epsg:32617")
        try db.replaceSources(
            [Self.source("A", Coordinate(-83, 40), in: utm)], events: [],
            log: IngestLogEntry(kind: "test", file: "a.csv", rows: 1, warnings: 0, metricCRS: utm))
        #expect(try db.metricCRS() == utm)
        #expect(try SpatialDatabase(path: path, readOnly: true).metricCRS() == utm)
        let stored = try db.read { db in
            try Row.fetchAll(db, sql: "SELECT key, value FROM settings WHERE key LIKE 'metric_crs%' ORDER BY key").map { [$0[0] as String, $0[1] as String] }
        }
        #expect(stored == [["metric_crs", "epsg:32617"], ["metric_crs_proj", "+proj=utm +zone=17 +datum=WGS84 +units=m +no_defs"]])
        #expect(try db.read { try String.fetchOne($0, sql: "SELECT metric_crs FROM ingests") } == "epsg:32617")
    }

    @Test func aWriteInAnotherSystemIsRefusedAndLeavesTheStoreAsItWas() throws {
        let db = try SpatialDatabase(path: Self.temporaryPath())
        try db.replaceSources(
            [Self.source("A", Coordinate(113, 23), in: .epsg4547)], events: [],
            log: IngestLogEntry(kind: "test", file: "a.csv", rows: 1, warnings: 0, metricCRS: .epsg4547))
        let other = try MetricCRS(parsing: "epsg:32649")
        #expect(throws: StoreError.self) {
            try db.replaceSources(
                [Self.source("B", Coordinate(113, 23), in: other)], events: [],
                log: IngestLogEntry(kind: "test", file: "b.csv", rows: 1, warnings: 0, metricCRS: other))
        }
        #expect(try db.fetchSources().map(\.sourceID) == ["A"])
        #expect(try db.metricCRS() == .epsg4547)
    }

    /// A store made before the metric CRS was stored: its x/y are EPSG:4547, and the migration
    /// says so, so it keeps working as it did.
    @Test func aStoreFromBeforeIsEPSG4547() throws {
        let path = Self.temporaryPath()
        do {
            let db = try SpatialDatabase(path: path)
            try db.replaceSources(
                [Self.source("A", Coordinate(113, 23), in: .epsg4547)], events: [],
                log: IngestLogEntry(kind: "test", file: "a.csv", rows: 1, warnings: 0, metricCRS: .epsg4547))
            // Back to the schema before v10.
            try db.write { db in
                try db.execute(sql: """
                    DELETE FROM settings WHERE key IN ('metric_crs', 'metric_crs_proj');
                    DELETE FROM grdb_migrations WHERE identifier LIKE 'v11:%';
                    ALTER TABLE ingests DROP COLUMN metric_crs;
                    """)
            }
        }
        let reopened = try SpatialDatabase(path: path)
        #expect(try reopened.metricCRS() == .epsg4547)
        // An empty store from before gets none: its first ingest chooses.
        let empty = Self.temporaryPath()
        do {
            let db = try SpatialDatabase(path: empty)
            try db.write { db in
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v11:%'; ALTER TABLE ingests DROP COLUMN metric_crs")
            }
        }
        #expect(try SpatialDatabase(path: empty).metricCRS() == nil)
    }
}
