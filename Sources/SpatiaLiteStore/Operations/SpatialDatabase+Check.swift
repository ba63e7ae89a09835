import Foundation
import GRDB
import Store

extension SpatialDatabase {
    /// The tables with a SpatiaLite spatial index on `geometry` (`idx_TABLE_geometry`).
    enum IndexedTable: String, CaseIterable {
        case sources, areas, clusters, routeTeams = "route_teams"
    }

    /// SQLite's online backup from a reader's snapshot: writers go on meanwhile, and the copy
    /// is the database as it stood when the backup began.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError(message: "\(path) exists already")
        }
        try StoreError.wrapping {
            let destination = try DatabaseQueue(path: path)
            try pool.backup(to: destination)
            try destination.close()
        }
    }

    public func verify() throws -> [StoreCheck] {
        let schema = try StoreError.wrapping { () -> StoreCheck in
            let known = SchemaMigrations.migrator.migrations
            let applied = try pool.read { db in try SchemaMigrations.migrator.appliedIdentifiers(db) }
            var findings: [String] = []
            let missing = known.filter { !applied.contains($0) }
            let unknown = applied.subtracting(known).sorted()
            if !missing.isEmpty { findings.append("migrations not applied: \(missing.joined(separator: "; ")) (open it once for writing, e.g. `permitwatch assign`)") }
            if !unknown.isEmpty { findings.append("migrations this build does not know (a newer permitwatch made them): \(unknown.joined(separator: "; "))") }
            return StoreCheck(kind: .schema, checked: "\(applied.count) of \(known.count) migrations applied", findings: findings)
        }
        return try read { db in
            [try Self.integrity(db), try Self.spatialIndexes(db), try Self.assignment(db), try Self.statusHistory(db), schema]
        }
    }

    private static func integrity(_ db: Database) throws -> StoreCheck {
        let lines = try String.fetchAll(db, sql: "PRAGMA integrity_check(20)")
        return StoreCheck(kind: .integrity, checked: "every page, table and index", findings: lines == ["ok"] ? [] : lines)
    }

    private static func spatialIndexes(_ db: Database) throws -> StoreCheck {
        var findings: [String] = []
        var entries = 0
        for table in IndexedTable.allCases {
            let name = table.rawValue, index = "idx_\(table.rawValue)_geometry"
            let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(name) WHERE geometry IS NOT NULL") ?? 0
            let indexed = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(index)") ?? 0
            entries += indexed
            // A geometry without its entry, or outside its entry's box (the R*Tree rounds its
            // single-precision bounds outwards, so a correct box always holds its geometry).
            let unindexed = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM \(name) t LEFT JOIN \(index) r ON r.pkid = t.rowid
                WHERE t.geometry IS NOT NULL
                  AND (r.pkid IS NULL OR r.xmin > MbrMinX(t.geometry) OR r.xmax < MbrMaxX(t.geometry)
                       OR r.ymin > MbrMinY(t.geometry) OR r.ymax < MbrMaxY(t.geometry))
                """) ?? 0
            let orphans = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM \(index) r LEFT JOIN \(name) t ON t.rowid = r.pkid WHERE t.rowid IS NULL OR t.geometry IS NULL
                """) ?? 0
            if rows != indexed { findings.append("\(index) has \(indexed) entries for \(rows) geometries of \(name)") }
            if unindexed > 0 { findings.append("\(unindexed) geometries of \(name) have no entry in \(index), or one whose box does not hold them") }
            if orphans > 0 { findings.append("\(orphans) entries of \(index) stand for no geometry of \(name)") }
        }
        return StoreCheck(kind: .spatialIndexes, checked: "\(IndexedTable.allCases.count) R*Trees, \(entries) entries", findings: findings)
    }

    private static func assignment(_ db: Database) throws -> StoreCheck {
        var findings: [String] = []
        let sources = try Int.fetchOne(db, sql: "SELECT count(*) FROM sources") ?? 0
        let placedNowhere = try String.fetchAll(db, sql: """
            SELECT source_id FROM sources
            WHERE placement <> 'unassigned' AND prefecture_code IS NULL AND county_code IS NULL AND town_code IS NULL AND grid_code IS NULL
            ORDER BY source_id
            """)
        if !placedNowhere.isEmpty {
            findings.append("\(placedNowhere.count) sources marked placed have no area (\(examples(placedNowhere))); run `permitwatch assign`")
        }
        for (level, column) in [("prefecture", "prefecture_code"), ("county", "county_code"), ("town", "town_code"), ("grid", "grid_code")] {
            let unknown = try String.fetchAll(db, sql: """
                SELECT s.source_id FROM sources s
                WHERE s.\(column) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.level = ? AND a.code = s.\(column))
                ORDER BY s.source_id
                """, arguments: [level])
            if !unknown.isEmpty {
                findings.append("\(unknown.count) sources are placed in a \(level) that does not exist (\(examples(unknown))); run `permitwatch assign`")
            }
        }
        let flagged = try Int.fetchOne(db, sql: "SELECT count(*) FROM sources WHERE placement = 'unassigned'") ?? 0
        return StoreCheck(kind: .assignment, checked: "\(sources) sources, \(flagged) flagged unassigned", findings: findings)
    }

    /// The replay takes a source's status from its latest event that has one (by date, then in
    /// the order they were stored); a source without such an event has only the register's.
    private static func statusHistory(_ db: Database) throws -> StoreCheck {
        let differing = try Row.fetchAll(db, sql: """
            WITH last AS (
                SELECT source_id, status, ROW_NUMBER() OVER (PARTITION BY source_id ORDER BY date DESC, id DESC) AS rank
                FROM events WHERE status IS NOT NULL)
            SELECT s.source_id, s.status, last.status AS replayed
            FROM sources s JOIN last ON last.source_id = s.source_id AND last.rank = 1
            WHERE s.status <> last.status
            ORDER BY s.source_id
            """)
        let withHistory = try Int.fetchOne(db, sql: "SELECT count(DISTINCT source_id) FROM events WHERE status IS NOT NULL") ?? 0
        var findings: [String] = []
        if !differing.isEmpty {
            let shown = differing.prefix(5).map { row -> String in
                let id: String = row["source_id"], status: String = row["status"], replayed: String = row["replayed"]
                return "\(id) is \(status), its events say \(replayed)"
            }
            findings.append("\(differing.count) sources' status differs from the replay of their events: \(shown.joined(separator: "; "))\(differing.count > 5 ? "; …" : "")")
        }
        return StoreCheck(kind: .statusHistory, checked: "\(withHistory) sources with a status history", findings: findings)
    }

    private static func examples(_ ids: [String]) -> String {
        ids.prefix(5).joined(separator: ", ") + (ids.count > 5 ? ", …" : "")
    }
}
