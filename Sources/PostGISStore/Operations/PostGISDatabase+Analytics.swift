import Enforcement
import Foundation
import GeoKit
import NIOCore
import Store

extension PostGISDatabase {
    /// Current sources with their positions and what the analytics group by, in source-id
    /// order; `statuses` nil for every status, `area` a code of any level. With `lean`, only
    /// the positions and statuses (and with `grids` the grid codes), in row order.
    public func fetchSourcePositions(statuses: [SourceStatus]?, area: String?, lean: Bool = false, grids: Bool = true) throws -> SourcePositions {
        var conditions = ["removed_on IS NULL"]
        var values: [SQLValue] = []
        if let statuses {
            values.append(.text(Self.arrayLiteral(statuses.map(\.rawValue))))
            conditions.append("status = ANY($\(values.count)::text[])")
        }
        if let area {
            values.append(.text(area))
            conditions.append("$\(values.count) IN (prefecture_code, county_code, town_code, grid_code)")
        }
        let columns = lean ? (grids ? "x, y, status, grid_code" : "x, y, status") : "x, y, status, grid_code, source_id, industry, town_code, deadline"
        let readGrids = !lean || grids
        // Row order (`id`), as SpatiaLite reads its table: a sum over cells then adds in the same order.
        let rows = try read { db in
            try db.rows("SELECT \(columns) FROM sources WHERE \(conditions.joined(separator: " AND ")) ORDER BY id", values) { row in
                var cells = CellReader(row)
                let projected = Coordinate(try cells.real() ?? 0, try cells.real() ?? 0)
                let status = SourceStatus(rawValue: try cells.text() ?? "") ?? .registered
                let grid = readGrids ? try cells.text() : nil
                guard !lean else { return (projected, status, grid, "", String?.none, String?.none, String?.none) }
                return (projected, status, grid, try cells.text() ?? "", try cells.text(), try cells.text(), try cells.text())
            }
        }
        var positions = SourcePositions()
        positions.projected = rows.map(\.0)
        positions.statuses = rows.map(\.1)
        if readGrids { positions.gridCodes = rows.map(\.2) }
        guard !lean else { return positions }
        positions.sourceIDs = rows.map(\.3)
        positions.industries = rows.map(\.4)
        positions.townCodes = rows.map(\.5)
        positions.deadlines = rows.map(\.6)
        return positions.sortedBySourceID()
    }

    /// The current sources in each of `boxes` (longitude/latitude), through the GiST index.
    public func fetchSources(inBoxes boxes: [BoundingBox]) throws -> [[NearbySource]] {
        try read { db in
            try boxes.map { box in
                try db.rows("""
                    SELECT source_id, x, y, status, deadline FROM sources
                    WHERE geometry && ST_MakeEnvelope($1, $2, $3, $4, 4326)
                      AND lon BETWEEN $1 AND $3 AND lat BETWEEN $2 AND $4 AND removed_on IS NULL
                    ORDER BY id
                    """, [.real(box.minX), .real(box.minY), .real(box.maxX), .real(box.maxY)]) { row in
                    var cells = CellReader(row)
                    let id = try cells.text() ?? ""
                    let projected = Coordinate(try cells.real() ?? 0, try cells.real() ?? 0)
                    return NearbySource(
                        sourceID: id, projected: projected, status: SourceStatus(rawValue: try cells.text() ?? "") ?? .registered,
                        deadline: try cells.text())
                }
            }
        }
    }

    public func fetchSourceCards(_ sourceIDs: [String]) throws -> [String: SourceCard] {
        guard !sourceIDs.isEmpty else { return [:] }
        let cards = try read { db in
            try db.rows("""
                SELECT source_id, name, uscc, industry, status, deadline, town_code, town_name, grid_code, grid_name, officer, officer_phone
                FROM sources_named
                WHERE source_id = ANY($1::text[]) AND removed_on IS NULL
                """, [.text(Self.arrayLiteral(sourceIDs))]) { row in
                var cells = CellReader(row)
                let id = try cells.text() ?? "", name = try cells.text() ?? "", uscc = try cells.text(), industry = try cells.text()
                let status = SourceStatus(rawValue: try cells.text() ?? "") ?? .registered
                return SourceCard(
                    sourceID: id, name: name, uscc: uscc, industry: industry, status: status, deadline: try cells.text(),
                    townCode: try cells.text(), townName: try cells.text(), gridCode: try cells.text(), gridName: try cells.text(),
                    officer: try cells.text(), officerPhone: try cells.text())
            }
        }
        return Dictionary(cards.map { ($0.sourceID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: stored runs

    @discardableResult
    public func storeClusterRun(parameters: String, summary: String, clusters: [ClusterRecord], members: [(sourceID: String, cluster: Int, core: Bool)]) throws -> Int64 {
        try write { db in
            let run = try Self.insertRun(kind: "clusters", parameters: parameters, summary: summary, in: db)
            // Only the latest run's rows are kept (every run's parameters and summary stay).
            try db.execute("DELETE FROM clusters")
            try db.execute("DELETE FROM cluster_members")
            for c in clusters {
                try db.execute("""
                    INSERT INTO clusters (run_id, cluster, members, core_members, first_source_id, centroid_lon, centroid_lat, area_km2,
                        density_per_km2, risk, sources_nearby, licensed_nearby, overdue_nearby, by_status, by_industry, towns, grids,
                        concave_outline, geometry)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, ST_GeomFromWKB($19, 4326))
                    """, [
                        .integer(run), .integer(c.cluster), .integer(c.members), .integer(c.coreMembers), .text(c.firstSourceID),
                        .real(c.centroid.x), .real(c.centroid.y), .real(c.areaKM2), .real(c.densityPerKM2), .real(c.risk),
                        .integer(c.sourcesNearby), .integer(c.licensedNearby), .integer(c.overdueNearby),
                        .text(StoredValueEncoding.jsonCounts(c.byStatus)), .text(StoredValueEncoding.jsonCounts(c.byIndustry)), .text(StoredValueEncoding.jsonStrings(c.towns)),
                        .text(StoredValueEncoding.jsonStrings(c.grids)), c.concaveOutline.map { .blob(WKB.multiPolygon($0)) } ?? .null,
                        .blob(WKB.multiPolygon(c.outline)),
                    ])
            }
            var next = 0
            try db.copy(into: "cluster_members", columns: ["run_id", "source_id", "cluster", "core"]) {
                guard next < members.count else { return nil }
                var text = CopyText()
                while next < members.count, text.byteCount < 1 << 20 {
                    let m = members[next]
                    next += 1
                    text.integer(run)
                    text.text(m.sourceID)
                    text.integer(m.cluster)
                    text.integer(m.core ? 1 : 0)
                    text.endRow()
                }
                return text.take()
            }
            return run
        }
    }

    @discardableResult
    public func storeHotspotRun(parameters: String, summary: String, cells: [HotspotCellRecord], cellSize: Double?) throws -> Int64 {
        try write { db in
            let run = try Self.insertRun(kind: "hotspots", parameters: parameters, summary: summary, in: db)
            // 100,000 cells: emptied whole, copied in, the cell index built once afterwards.
            try db.execute("DROP INDEX hotspot_cells_by_cell")
            try db.execute("DELETE FROM hotspot_cells")
            var next = 0
            try db.copy(into: "hotspot_cells", columns: ["run_id", "cell", "cx", "cy", "cell_size", "value", "sources", "z", "p", "bin"]) {
                guard next < cells.count else { return nil }
                var text = CopyText()
                while next < cells.count, text.byteCount < 1 << 20 {
                    let c = cells[next]
                    next += 1
                    text.integer(run)
                    text.text(c.cell)
                    text.integer(c.cx)
                    text.integer(c.cy)
                    text.real(c.cx == nil ? nil : cellSize)
                    text.real(c.value)
                    text.integer(c.sources)
                    text.real(c.z)
                    text.real(c.p)
                    text.integer(c.bin)
                    text.endRow()
                }
                return text.take()
            }
            try db.execute("CREATE INDEX hotspot_cells_by_cell ON hotspot_cells (cell)")
            return run
        }
    }

    public func latestRun(kind: String) throws -> AnalysisRun? {
        try read { db in
            try db.rows(
                "SELECT id, kind, parameters, summary, created_at FROM analysis_runs WHERE kind = $1 ORDER BY id DESC LIMIT 1", [.text(kind)]
            ) { row in
                var cells = CellReader(row)
                return AnalysisRun(
                    id: Int64(try cells.integer() ?? 0), kind: try cells.text() ?? "", parameters: try cells.text() ?? "",
                    summary: try cells.text() ?? "", createdAt: try cells.text() ?? "")
            }.first
        }
    }

    public func fetchClusterRisks(run: Int64) throws -> [Int: Double] {
        let rows = try read { db in
            try db.rows("SELECT cluster, risk FROM clusters WHERE run_id = $1", [.integer(run)]) { row in
                (try row.cell(0).decode(Int.self), try row.cell(1).decode(Double.self))
            }
        }
        return Dictionary(rows, uniquingKeysWith: { _, last in last })
    }

    public func fetchClusterMembership(run: Int64) throws -> [String: Int] {
        let rows = try read { db in
            try db.rows("SELECT source_id, cluster FROM cluster_members WHERE run_id = $1", [.integer(run)]) { row in
                (try row.cell(0).decode(String.self), try row.cell(1).decode(Int.self))
            }
        }
        return Dictionary(rows, uniquingKeysWith: { _, last in last })
    }

    public func fetchHotspotBins(run: AnalysisRun) throws -> HotspotBins {
        let rows = try read { db in
            try db.rows("SELECT cell, bin FROM hotspot_cells WHERE run_id = $1", [.integer(run.id)]) { row in
                (try row.cell(0).decode(String.self), try row.cell(1).decode(Int.self))
            }
        }
        return HotspotBins(runID: run.id, parameters: run.parameters, bins: Dictionary(rows, uniquingKeysWith: { _, last in last }))
    }

    private static func insertRun(kind: String, parameters: String, summary: String, in db: PostgresTransaction) throws -> Int64 {
        try db.value(
            Int64.self, "INSERT INTO analysis_runs (kind, parameters, summary) VALUES ($1, $2, $3) RETURNING id",
            [.text(kind), .text(parameters), .text(summary)]) ?? 0
    }

    // MARK: route plans

    @discardableResult
    public func storeRoutePlan(_ plan: RoutePlanRecord) throws -> Int64 {
        try write { db in
            let moving = plan.teams.filter { !$0.stopIDs.isEmpty && $0.path.count >= 2 }
            let inserted = try db.rows(
                "INSERT INTO route_plans (parameters, depot, teams, prize, distance_km, unvisited) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at",
                [
                    .text(plan.parameters), .text(plan.depot), .integer(plan.teams.count), .real(plan.teams.reduce(0) { $0 + $1.prize }),
                    .real(plan.teams.reduce(0) { $0 + $1.metres } / 1000), .integer(plan.unvisited),
                ]
            ) { row in (try row.cell(0).decode(Int64.self), try row.cell(1).decode(String.self)) }
            guard let (id, createdAt) = inserted.first else { throw StoreError(message: "a route plan was not stored") }
            for team in moving {
                let stopIDs = String(decoding: try JSONEncoder().encode(team.stopIDs), as: UTF8.self)
                try db.execute("""
                    INSERT INTO route_teams (route, plan_id, team, depot, stops, stop_ids, prize, distance_km, duration_h, created_at, geometry)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ST_GeomFromWKB($11, 4326))
                    """, [
                        .text("\(id)-\(team.number)"), .integer(id), .integer(team.number), .text(plan.depot), .integer(team.stopIDs.count),
                        .text(stopIDs), .real(team.prize), .real(team.metres / 1000), .real(team.seconds / 3600), .text(createdAt),
                        .blob(WKB.lineString(team.path)),
                    ])
            }
            return id
        }
    }
}
