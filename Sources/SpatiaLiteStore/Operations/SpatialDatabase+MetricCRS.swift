import Enforcement
import GeoKit
import GRDB
import Store

extension SpatialDatabase {
    /// The stored metric CRS (`settings.metric_crs`); nil while the store has none. Read once
    /// and remembered while the data's generation stands (`MetricCRSCache`).
    public func metricCRS() throws -> MetricCRS? {
        if let known = knownDataGeneration(), let crs = metricCRSCache.remembered(at: known) { return crs }
        return try read { db in try metricCRS(in: db) }
    }

    /// The metric CRS of the snapshot a read (or write) on `db` sees: the one its x/y are in.
    func metricCRS(in db: Database) throws -> MetricCRS? {
        guard let crs = try Self.storedMetricCRS(db) else { return nil }
        metricCRSCache.set(crs, generation: try Self.generation(db))
        return crs
    }

    /// The stored metric CRS, or a `StoreError` for a store that has none: what a read of x/y
    /// (square cells, extents) needs, which a store without data never reaches.
    func requiredMetricCRS(in db: Database) throws -> MetricCRS {
        guard let crs = try metricCRS(in: db) else {
            throw StoreError(message: "\(path) has no metric coordinate system yet: load data into it first (`permitwatch ingest`)")
        }
        return crs
    }

    private static func storedMetricCRS(_ db: Database) throws -> MetricCRS? {
        guard let text = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'metric_crs'") else { return nil }
        do {
            return try MetricCRS(parsing: text)
        } catch {
            throw StoreError(message: "settings.metric_crs \"\(text)\" cannot be read: \(error.description)")
        }
    }

    /// Inside a write: the metric CRS of what `log` writes, taken as the store's when it has
    /// none yet, refused when it has another (a use case checks first; this keeps a store from
    /// ever holding x/y of two systems). Returns the system the write is in.
    @discardableResult
    func recordMetricCRS(of log: IngestLogEntry, in db: Database) throws -> MetricCRS? {
        try recordMetricCRS(log.metricCRS, file: log.file, in: db)
    }

    /// Inside a write: `given` (the system of what `file` writes) taken as the store's when it
    /// has none yet, refused when it has another; nil leaves the store's. Returns the system the
    /// write is in.
    @discardableResult
    func recordMetricCRS(_ given: MetricCRS?, file: String, in db: Database) throws -> MetricCRS? {
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

    private static func storeMetricCRS(_ crs: MetricCRS, in db: Database) throws {
        // The PROJ string beside it is for SQL (the catalog's square cells), which cannot parse
        // an EPSG code into a projection itself.
        try db.execute(
            sql: """
                INSERT INTO settings (key, value) VALUES ('metric_crs', ?), ('metric_crs_proj', ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """,
            arguments: [crs.description, crs.projString])
    }

    /// Remembers the system a committed write stored (for the SQL function; `metricCRS()`
    /// reads it again, at the new generation).
    func rememberMetricCRS(_ crs: MetricCRS?) {
        if let crs { metricCRSCache.set(crs, generation: nil) }
    }

    public func reproject(
        to crs: MetricCRS, sourcePositions: [Coordinate], assignments: [SourceAssignment], cellSize: Double
    ) throws -> Reprojection {
        precondition(sourcePositions.count == assignments.count, "one position and assignment per stored source")
        let result = try write { db in
            let previous = try Self.storedMetricCRS(db)
            let sourceCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM sources") ?? 0
            guard sourceCount == sourcePositions.count else {
                throw StoreError(message: "the register changed while it was re-projected (\(sourceCount) sources, \(sourcePositions.count) positions); run `assign --metric-crs` again")
            }
            try db.execute(sql: "UPDATE settings SET value = ? WHERE key = 'cell_size'", arguments: ["\(cellSize)"])
            // Sources: new x/y and assignments, every row.
            try Self.writeAssignments(assignments, at: Array(assignments.indices), positions: sourcePositions, in: db)
            // Depots: few, projected here from their longitude/latitude.
            let depots = try Row.fetchAll(db, sql: "SELECT id, lon, lat FROM depots")
            for depot in depots {
                let projected = crs.forward(Coordinate(depot["lon"], depot["lat"]))
                try db.execute(
                    sql: "UPDATE depots SET x = ?, y = ? WHERE id = ?", arguments: [projected.x, projected.y, depot["id"] as Int64])
            }
            // Areas: their square kilometres measured in the new system.
            let areas = try RawStatement(db, sql: "SELECT id, geometry FROM areas")
            var areaKm2: [(Int64, Double)] = []
            while try areas.next() {
                let geometry = try SpatiaLiteGeometryBlob.decodeMultiPolygon(areas.blob(1))
                areaKm2.append((areas.int64(0), StoredValueEncoding.squareKilometres(geometry, in: crs)))
            }
            let areaTriggers = try TriggerSuspension(table: "areas", in: db)
            for (id, km2) in areaKm2 {
                try db.execute(sql: "UPDATE areas SET area_km2 = ? WHERE id = ?", arguments: [km2, id])
            }
            try areaTriggers.restore(in: db)
            // Square-grid hot-spot runs: their cells are squares of the old system.
            let squareRuns = try Int64.fetchAll(db, sql: "SELECT DISTINCT run_id FROM hotspot_cells WHERE cell_size IS NOT NULL")
            for run in squareRuns {
                try db.execute(sql: "DELETE FROM hotspot_cells WHERE run_id = ?", arguments: [run])
                try db.execute(sql: "DELETE FROM analysis_runs WHERE id = ?", arguments: [run])
            }
            try Self.storeMetricCRS(crs, in: db)
            return Reprojection(
                previous: previous, sources: sourceCount, depots: depots.count, areas: areaKm2.count, removedHotspotRuns: squareRuns.count)
        }
        metricCRSCache.set(crs, generation: nil)
        return result
    }
}
