import Enforcement
import Foundation
import GeoKit
import GRDB
import Store

extension SpatialDatabase {
    /// Current sources with their positions and what the analytics group by, in source-id
    /// order; `statuses` nil for every status, `area` a code of any level. With `lean`, only the
    /// positions and statuses (and with `grids` the grid codes) are read, in table order: what
    /// cell statistics need, at a third of the cost for a province.
    public func fetchSourcePositions(statuses: [SourceStatus]?, area: String?, lean: Bool = false, grids: Bool = true) throws -> SourcePositions {
        var conditions = ["removed_on IS NULL"]
        var arguments: [SQLValue] = []
        if let statuses {
            conditions.append("status IN (\(statuses.map { _ in "?" }.joined(separator: ", ")))")
            arguments += statuses.map { .text($0.rawValue) }
        }
        if let area {
            conditions.append("? IN (prefecture_code, county_code, town_code, grid_code)")
            arguments.append(.text(area))
        }
        return try read { db in
            let columns = lean ? (grids ? "x, y, status, grid_code" : "x, y, status") : "x, y, status, grid_code, source_id, industry, town_code, deadline"
            let statement = try RawStatement(db, sql: "SELECT \(columns) FROM sources WHERE \(conditions.joined(separator: " AND "))")
            for (k, argument) in arguments.enumerated() { statement.bind(Int32(k + 1), argument) }
            var positions = SourcePositions()
            let readGrids = !lean || grids
            while try statement.next() {
                positions.projected.append(Coordinate(statement.double(0), statement.double(1)))
                positions.statuses.append(statement.sourceStatus(2) ?? .registered)
                if readGrids { positions.gridCodes.append(statement.string(3)) }
                guard !lean else { continue }
                positions.sourceIDs.append(statement.string(4) ?? "")
                positions.industries.append(statement.string(5))
                positions.townCodes.append(statement.string(6))
                positions.deadlines.append(statement.string(7))
            }
            return lean ? positions : positions.sortedBySourceID()
        }
    }

    /// The current sources in each of `boxes` (longitude/latitude), through the spatial index.
    public func fetchSources(inBoxes boxes: [BoundingBox]) throws -> [[NearbySource]] {
        try read { db in
            let statement = try RawStatement(db, sql: """
                SELECT source_id, x, y, status, deadline FROM sources
                WHERE id IN (SELECT pkid FROM idx_sources_geometry WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?)
                  AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ? AND removed_on IS NULL
                """)
            return try boxes.map { box in
                statement.bind(1, box.maxX)
                statement.bind(2, box.minX)
                statement.bind(3, box.maxY)
                statement.bind(4, box.minY)
                statement.bind(5, box.minX)
                statement.bind(6, box.maxX)
                statement.bind(7, box.minY)
                statement.bind(8, box.maxY)
                var found: [NearbySource] = []
                while try statement.next() {
                    found.append(NearbySource(
                        sourceID: statement.string(0) ?? "", projected: Coordinate(statement.double(1), statement.double(2)),
                        status: SourceStatus(rawValue: statement.string(3) ?? "") ?? .registered, deadline: statement.string(4)))
                }
                return found
            }
        }
    }

    /// The date of the latest recorded event: "now" for the data, for judging deadlines.
    public func latestEventDate() throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT max(date) FROM events") }
    }

    public func eventDateRange() throws -> ClosedRange<String>? {
        try read { db in
            // min and max each take one end of the date index.
            guard let first = try String.fetchOne(db, sql: "SELECT min(date) FROM events"),
                let last = try String.fetchOne(db, sql: "SELECT max(date) FROM events")
            else { return nil }
            return first...last
        }
    }

    /// Stores a clusters run with its clusters and the membership of every selected source.
    @discardableResult
    public func storeClusterRun(parameters: String, summary: String, clusters: [ClusterRecord], members: [(sourceID: String, cluster: Int, core: Bool)]) throws -> Int64 {
        try write { db in
            let run = try Self.insertRun(kind: "clusters", parameters: parameters, summary: summary, in: db)
            let triggers = try TriggerSuspension(table: "clusters", in: db)
            // Only the latest run's rows are kept (every run's parameters and summary stay).
            try db.execute(sql: "DELETE FROM clusters; DELETE FROM cluster_members")
            var entries: [RTreeBulkLoader.Entry] = []
            let insert = try RawStatement(db, sql: """
                INSERT INTO clusters (run_id, cluster, members, core_members, first_source_id, centroid_lon, centroid_lat, area_km2,
                    density_per_km2, risk, sources_nearby, licensed_nearby, overdue_nearby, by_status, by_industry, towns, grids,
                    concave_outline, geometry)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for c in clusters {
                insert.bind(1, run)
                insert.bind(2, Int64(c.cluster))
                insert.bind(3, Int64(c.members))
                insert.bind(4, Int64(c.coreMembers))
                insert.bind(5, c.firstSourceID)
                insert.bind(6, c.centroid.x)
                insert.bind(7, c.centroid.y)
                insert.bind(8, c.areaKM2)
                insert.bind(9, c.densityPerKM2)
                insert.bind(10, c.risk)
                insert.bind(11, Int64(c.sourcesNearby))
                insert.bind(12, Int64(c.licensedNearby))
                insert.bind(13, Int64(c.overdueNearby))
                insert.bind(14, StoredValueEncoding.jsonCounts(c.byStatus))
                insert.bind(15, StoredValueEncoding.jsonCounts(c.byIndustry))
                insert.bind(16, StoredValueEncoding.jsonStrings(c.towns))
                insert.bind(17, StoredValueEncoding.jsonStrings(c.grids))
                if let concave = c.concaveOutline { insert.bind(18, blob: SpatiaLiteGeometryBlob.multiPolygon(concave)) } else { insert.bind(18, .null) }
                insert.bind(19, blob: SpatiaLiteGeometryBlob.multiPolygon(c.outline))
                try insert.step()
                entries.append(Self.entry(id: db.lastInsertedRowID, c.outline))
            }
            try RTreeBulkLoader(table: "idx_clusters_geometry").load(entries, in: db)
            try triggers.restore(in: db)
            let member = try RawStatement(db, sql: "INSERT INTO cluster_members (run_id, source_id, cluster, core) VALUES (?, ?, ?, ?)")
            for m in members {
                member.bind(1, run)
                member.bind(2, m.sourceID)
                member.bind(3, Int64(m.cluster))
                member.bind(4, Int64(m.core ? 1 : 0))
                try member.step()
            }
            return run
        }
    }

    /// Stores a hot-spot run with every cell.
    @discardableResult
    public func storeHotspotRun(parameters: String, summary: String, cells: [HotspotCellRecord], cellSize: Double?) throws -> Int64 {
        try write { db in
            let run = try Self.insertRun(kind: "hotspots", parameters: parameters, summary: summary, in: db)
            // 100,000 cells: the cell index is built once by sorting rather than row by row,
            // and the table is emptied whole (no triggers, so SQLite truncates it).
            try db.execute(sql: "DROP INDEX hotspot_cells_by_cell; DELETE FROM hotspot_cells")
            let insert = try RawStatement(db, sql: """
                INSERT INTO hotspot_cells (run_id, cell, cx, cy, cell_size, value, sources, z, p, bin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for c in cells {
                insert.bind(1, run)
                insert.bind(2, c.cell)
                insert.bind(3, c.cx)
                insert.bind(4, c.cy)
                insert.bind(5, c.cx == nil ? nil : cellSize)
                insert.bind(6, c.value)
                insert.bind(7, Int64(c.sources))
                insert.bind(8, c.z)
                insert.bind(9, c.p)
                insert.bind(10, Int64(c.bin))
                try insert.step()
            }
            try db.execute(sql: "CREATE INDEX hotspot_cells_by_cell ON hotspot_cells (cell)")
            return run
        }
    }

    /// The latest run of `kind` (`clusters` or `hotspots`).
    public func latestRun(kind: String) throws -> AnalysisRun? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT id, kind, parameters, summary, created_at FROM analysis_runs WHERE kind = ? ORDER BY id DESC LIMIT 1",
                arguments: [kind]
            ).map { AnalysisRun(id: $0["id"], kind: $0["kind"], parameters: $0["parameters"], summary: $0["summary"], createdAt: $0["created_at"]) }
        }
    }

    /// Source id → cluster of a stored clusters run (noise included as -1).
    public func fetchClusterRisks(run: Int64) throws -> [Int: Double] {
        try read { db in
            var risks: [Int: Double] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT cluster, risk FROM clusters WHERE run_id = ?", arguments: [run]) {
                risks[row["cluster"]] = row["risk"]
            }
            return risks
        }
    }

    public func fetchClusterMembership(run: Int64) throws -> [String: Int] {
        try read { db in
            var membership: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT source_id, cluster FROM cluster_members WHERE run_id = ?", arguments: [run]) {
                membership[row["source_id"]] = row["cluster"]
            }
            return membership
        }
    }

    private static func insertRun(kind: String, parameters: String, summary: String, in db: Database) throws -> Int64 {
        try db.execute(sql: "INSERT INTO analysis_runs (kind, parameters, summary) VALUES (?, ?, ?)", arguments: [kind, parameters, summary])
        return db.lastInsertedRowID
    }

    /// The R*Tree entry of a stored outline.
    private static func entry(id: Int64, _ outline: MultiPolygon) -> RTreeBulkLoader.Entry {
        var box = BoundingBox.empty
        for polygon in outline.polygons {
            for c in polygon.rings.first ?? [] {
                box.minX = min(box.minX, c.x); box.maxX = max(box.maxX, c.x)
                box.minY = min(box.minY, c.y); box.maxY = max(box.maxY, c.y)
            }
        }
        return RTreeBulkLoader.Entry(id: id, minX: box.minX, maxX: box.maxX, minY: box.minY, maxY: box.maxY)
    }
}
