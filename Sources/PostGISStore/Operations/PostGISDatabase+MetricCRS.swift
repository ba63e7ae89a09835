import Enforcement
import GeoKit
import NIOCore
import Store

extension PostGISDatabase {
    /// The stored metric CRS (`settings.metric_crs`); nil while the store has none. Remembered
    /// by the generation it was read at: a read of the generation alone then answers.
    public func metricCRS() throws -> MetricCRS? {
        try read { db in try metricCRS(in: db) }
    }

    func metricCRS(in db: PostgresTransaction) throws -> MetricCRS? {
        try metricCRS(in: db, generation: try generation(db))
    }

    /// The metric CRS in a transaction whose generation the caller has read.
    func metricCRS(in db: PostgresTransaction, generation: Int64) throws -> MetricCRS? {
        if let memo = metricCRSMemo.withLock({ $0 }), memo.generation == generation { return memo.crs }
        let crs = try Self.storedMetricCRS(db)
        metricCRSMemo.withLock { $0 = (generation, crs) }
        return crs
    }

    static func storedMetricCRS(_ db: PostgresTransaction) throws -> MetricCRS? {
        guard let text = try db.value(String.self, "SELECT value FROM settings WHERE key = 'metric_crs'") else { return nil }
        do {
            return try MetricCRS(parsing: text)
        } catch {
            throw StoreError(message: "settings.metric_crs \"\(text)\" cannot be read: \(error.description)")
        }
    }

    /// Inside a write: `given` taken as the store's when it has none yet, refused when it has
    /// another; nil leaves the store's. Returns the system the write is in.
    @discardableResult
    func recordMetricCRS(_ given: MetricCRS?, file: String, in db: PostgresTransaction) throws -> MetricCRS? {
        let stored = try Self.storedMetricCRS(db)
        guard let given else { return stored }
        if let stored {
            guard stored == given else {
                throw StoreError(
                    message: "\(file) was projected in \(given) but the database's metric coordinate system is \(stored); re-project explicitly with `permitwatch assign --metric-crs`")
            }
            return stored
        }
        try Self.storeMetricCRS(given, in: db)
        return given
    }

    static func storeMetricCRS(_ crs: MetricCRS, in db: PostgresTransaction) throws {
        try db.execute("""
            INSERT INTO settings (key, value) VALUES ('metric_crs', $1), ('metric_crs_proj', $2), ('metric_crs_distances', $3)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """, [.text(crs.description), .text(crs.projString), .text(crs.distances == .geodesic ? "geodesic" : "projected")])
    }

    /// Nothing to remember beyond the next read: the generation a committed write moved on
    /// makes `metricCRS()` read the system again.
    func rememberMetricCRS(_ crs: MetricCRS?) {}

    public func reproject(
        to crs: MetricCRS, sourcePositions: [Coordinate], assignments: [SourceAssignment], cellSize: Double
    ) throws -> Reprojection {
        precondition(sourcePositions.count == assignments.count, "one position and assignment per stored source")
        return try write { db in
            let previous = try Self.storedMetricCRS(db)
            let sourceCount = try db.value(Int.self, "SELECT count(*) FROM sources") ?? 0
            guard sourceCount == sourcePositions.count else {
                throw StoreError(message: "the register changed while it was re-projected (\(sourceCount) sources, \(sourcePositions.count) positions); run `assign --metric-crs` again")
            }
            try db.execute("UPDATE settings SET value = $1 WHERE key = 'cell_size'", [.text("\(cellSize)")])
            try Self.writeAssignments(assignments, at: Array(assignments.indices), positions: sourcePositions, in: db)
            let depots = try db.rows("SELECT id, lon, lat FROM depots") { row in
                (try row.cell(0).decode(Int64.self), Coordinate(try row.cell(1).decode(Double.self), try row.cell(2).decode(Double.self)))
            }
            for (id, location) in depots {
                let projected = crs.forward(location)
                try db.execute("UPDATE depots SET x = $1, y = $2 WHERE id = $3", [.real(projected.x), .real(projected.y), .integer(id)])
            }
            let areas = try db.rows("SELECT id, ST_AsBinary(geometry) FROM areas") { row in
                (try row.cell(0).decode(Int64.self), try WKB.decodeMultiPolygon(try row.cell(1).decode(ByteBuffer.self)))
            }
            for (id, geometry) in areas {
                try db.execute("UPDATE areas SET area_km2 = $1 WHERE id = $2", [.real(StoredValueEncoding.squareKilometres(geometry, in: crs)), .integer(id)])
            }
            let squareRuns = try db.rows("SELECT DISTINCT run_id FROM hotspot_cells WHERE cell_size IS NOT NULL") { row in
                try row.cell(0).decode(Int64.self)
            }
            for run in squareRuns {
                try db.execute("DELETE FROM hotspot_cells WHERE run_id = $1", [.integer(run)])
                try db.execute("DELETE FROM analysis_runs WHERE id = $1", [.integer(run)])
            }
            try Self.storeMetricCRS(crs, in: db)
            return Reprojection(
                previous: previous, sources: sourceCount, depots: depots.count, areas: areas.count, removedHotspotRuns: squareRuns.count)
        }
    }
}
