import Enforcement
import Foundation
import GRDB
import GeoKit
@testable import SpatiaLiteStore
import Store
import Testing

/// `verify()` finds each kind of damage and names it; `backup(to:)` copies one consistent
/// snapshot while a writer goes on.
@Suite("Store checks and backups")
struct StoreCheckTests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).sqlite").path
    }

    /// Two sources with their histories.
    static func store() throws -> (SpatialDatabase, String) {
        let path = temporaryPath("check")
        let db = try SpatialDatabase(path: path)
        let crs = MetricCRS.epsg4547
        let sources = [
            SourceRecord(sourceID: "A", name: "A", status: .registered, location: Coordinate(113.3, 23.1), projected: crs.forward(Coordinate(113.3, 23.1))),
            SourceRecord(sourceID: "B", name: "B", status: .unlicensed, location: Coordinate(113.4, 23.2), projected: crs.forward(Coordinate(113.4, 23.2))),
        ]
        let events = [
            EventRecord(sourceID: "A", date: "2020-01-01", kind: .listed, status: .unlicensed),
            EventRecord(sourceID: "A", date: "2020-03-01", kind: .registered, status: .registered),
            EventRecord(sourceID: "A", date: "2020-04-01", kind: .inspected, status: nil),
            EventRecord(sourceID: "B", date: "2020-01-02", kind: .discovered, status: .unlicensed),
        ]
        try db.replaceSources(sources, events: events, log: IngestLogEntry(kind: "test", file: "t.csv", rows: 2, warnings: 0, metricCRS: crs))
        return (db, path)
    }

    static func findings(_ checks: [StoreCheck], _ kind: StoreCheck.Kind) -> [String] {
        checks.first { $0.kind == kind }?.findings ?? ["no check \(kind)"]
    }

    @Test func aSoundStorePassesEveryCheck() throws {
        let (db, _) = try Self.store()
        let checks = try db.verify()
        #expect(checks.map(\.kind) == StoreCheck.Kind.allCases)
        #expect(checks.allSatisfy { $0.passed }, "\(checks)")
        #expect(checks.first { $0.kind == .statusHistory }?.checked == "2 sources with a status history")
        #expect(checks.first { $0.kind == .assignment }?.checked == "2 sources, 2 flagged unassigned")
    }

    @Test func eachDamageIsFoundAndNamed() throws {
        let (db, _) = try Self.store()
        try db.write { db in
            try db.execute(sql: "DELETE FROM idx_sources_geometry WHERE pkid = (SELECT id FROM sources WHERE source_id = 'A')")
            try db.execute(sql: "UPDATE sources SET placement = 'inside', town_code = '999' WHERE source_id = 'B'")
            try db.execute(sql: "UPDATE sources SET status = 'permitted' WHERE source_id = 'A'")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v12%'")
        }
        let checks = try db.verify()
        #expect(checks.first { $0.kind == .integrity }?.passed == true)
        #expect(Self.findings(checks, .spatialIndexes) == [
            "idx_sources_geometry has 1 entries for 2 geometries of sources",
            "1 geometries of sources have no entry in idx_sources_geometry, or one whose box does not hold them",
        ])
        #expect(Self.findings(checks, .assignment) == ["1 sources are placed in a town that does not exist (B); run `permitwatch assign`"])
        #expect(Self.findings(checks, .statusHistory) == ["1 sources' status differs from the replay of their events: A is permitted, its events say registered"])
        #expect(Self.findings(checks, .schema).first?.hasPrefix("migrations not applied: v12: bearer tokens, stored hashed") == true)
    }

    @Test func aMovedEntryIsFoundToo() throws {
        let (db, _) = try Self.store()
        try db.write { db in
            try db.execute(sql: "UPDATE idx_sources_geometry SET xmin = xmin + 1, xmax = xmax + 1 WHERE pkid = (SELECT id FROM sources WHERE source_id = 'B')")
        }
        #expect(Self.findings(try db.verify(), .spatialIndexes) == ["1 geometries of sources have no entry in idx_sources_geometry, or one whose box does not hold them"])
    }

    @Test func aBackupIsOneSnapshotTakenWhileAWriterGoesOn() async throws {
        let (db, path) = try Self.store()
        let before = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM events") ?? 0 }
        // A writer adds inspections, one transaction each, while the backup runs.
        let writer = Task.detached {
            for k in 0..<200 {
                try db.appendEvents(
                    [EventRecord(sourceID: "A", date: "2020-05-01", kind: .inspected, status: nil)],
                    log: IngestLogEntry(kind: "test", file: "w\(k).csv", rows: 1, warnings: 0))
            }
        }
        let copy = Self.temporaryPath("backup")
        try await Task.sleep(nanoseconds: 5_000_000)
        try db.backup(to: copy)
        try await writer.value
        let after = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM events") ?? 0 }
        let restored = try SpatialDatabase(path: copy)
        let restoredChecks = try restored.verify()
        #expect(restoredChecks.allSatisfy { $0.passed }, "\(restoredChecks)")
        let copied = try restored.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0, try Int.fetchOne(db, sql: "SELECT count(*) FROM ingests") ?? 0)
        }
        // Whole transactions only: each inspection came with its ingest row.
        #expect(copied.0 >= before && copied.0 <= after)
        #expect(copied.1 == 1 + (copied.0 - before))
        #expect(try restored.fetchSources().map(\.sourceID) == ["A", "B"])
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(throws: StoreError.self) { try db.backup(to: copy) }
    }
}
