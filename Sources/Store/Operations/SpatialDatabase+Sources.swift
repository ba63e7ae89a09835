import Enforcement
import GRDB
import GeoKit

extension SpatialDatabase {
    /// Every stored source, in `source_id` order, removed ones included.
    public func fetchSources() throws -> [SourceRecord] {
        try read { db in
            let statement = try RawStatement(db, sql: """
                SELECT source_id, name, uscc, industry, category, status, status_date, deadline,
                       lon, lat, x, y, removed_on, prefecture_code, county_code, town_code, grid_code,
                       cell_ix, cell_iy, placement, snap_distance_m
                FROM sources ORDER BY id
                """)
            var records: [SourceRecord] = []
            records.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM sources") ?? 0)
            while try statement.next() {
                records.append(SourceRecord(
                    sourceID: statement.string(0) ?? "",
                    name: statement.string(1) ?? "",
                    uscc: statement.string(2),
                    industry: statement.string(3),
                    category: statement.string(4),
                    status: SourceStatus(rawValue: statement.string(5) ?? "") ?? .unlicensed,
                    statusDate: statement.string(6),
                    deadline: statement.string(7),
                    location: Coordinate(statement.double(8), statement.double(9)),
                    projected: Coordinate(statement.double(10), statement.double(11)),
                    removedOn: statement.string(12),
                    assignment: SourceAssignment(
                        prefectureCode: statement.string(13), countyCode: statement.string(14),
                        townCode: statement.string(15), gridCode: statement.string(16),
                        cellX: statement.int(17), cellY: statement.int(18),
                        placement: Placement(rawValue: statement.string(19) ?? "") ?? .unassigned,
                        snapDistance: statement.optionalDouble(20))))
            }
            return records
        }
    }

    /// Where every stored source is and where it was assigned, in row order: what `assign`
    /// needs, without the register details `fetchSources` decodes.
    public func fetchPlacements() throws -> (locations: [Coordinate], projected: [Coordinate], assignments: [SourceAssignment]) {
        try read { db in
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM sources") ?? 0
            var locations: [Coordinate] = [], projected: [Coordinate] = [], assignments: [SourceAssignment] = []
            locations.reserveCapacity(count)
            projected.reserveCapacity(count)
            assignments.reserveCapacity(count)
            let statement = try RawStatement(db, sql: """
                SELECT lon, lat, x, y, prefecture_code, county_code, town_code, grid_code, cell_ix, cell_iy,
                       placement, snap_distance_m
                FROM sources ORDER BY id
                """)
            func code(_ column: Int32) -> String? { statement.string(column) }
            while try statement.next() {
                locations.append(Coordinate(statement.double(0), statement.double(1)))
                projected.append(Coordinate(statement.double(2), statement.double(3)))
                assignments.append(SourceAssignment(
                    prefectureCode: code(4), countyCode: code(5), townCode: code(6), gridCode: code(7),
                    cellX: statement.int(8), cellY: statement.int(9),
                    placement: Placement(rawValue: statement.string(10) ?? "") ?? .unassigned,
                    snapDistance: statement.optionalDouble(11)))
            }
            return (locations, projected, assignments)
        }
    }

    /// Replaces the whole source register with `records` and appends `events`, in one transaction.
    ///
    /// The register is rewritten rather than patched: a bulk rewrite with the triggers suspended
    /// and the spatial index packed afterwards is faster than updating even a few percent of the
    /// rows through SpatiaLite's per-row triggers. Row ids follow the order of `records`.
    public func replaceSources(_ records: [SourceRecord], events: [EventRecord], log: IngestLogEntry) throws {
        try write { db in
            let triggers = try TriggerSuspension(table: "sources", in: db)
            try db.execute(sql: "DELETE FROM sources")
            let insert = try RawStatement(db, sql: """
                INSERT INTO sources (id, source_id, name, uscc, industry, category, status, status_date, deadline,
                    lon, lat, x, y, removed_on, prefecture_code, county_code, town_code, grid_code,
                    cell_ix, cell_iy, placement, snap_distance_m, geometry)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var entries: [RTreeBulkLoader.Entry] = []
            entries.reserveCapacity(records.count)
            var arena = RowArena()
            for index in records.indices {
                let id = Int64(index + 1)
                try withExtendedLifetime(records[index]) { record in
                    arena.reset()
                    insert.bind(1, id)
                    arena.text(2, record.sourceID)
                    arena.text(3, record.name)
                    arena.text(4, record.uscc)
                    arena.text(5, record.industry)
                    arena.text(6, record.category)
                    arena.text(7, record.status.rawValue)
                    arena.text(8, record.statusDate)
                    arena.text(9, record.deadline)
                    insert.bind(10, record.location.x)
                    insert.bind(11, record.location.y)
                    insert.bind(12, record.projected.x)
                    insert.bind(13, record.projected.y)
                    arena.text(14, record.removedOn)
                    let a = record.assignment
                    arena.text(15, a.prefectureCode)
                    arena.text(16, a.countyCode)
                    arena.text(17, a.townCode)
                    arena.text(18, a.gridCode)
                    insert.bind(19, a.cellX)
                    insert.bind(20, a.cellY)
                    arena.text(21, a.placement.rawValue)
                    insert.bind(22, a.snapDistance)
                    arena.blob(23) { SpatiaLiteGeometryBlob.appendPoint(record.location, to: &$0) }
                    try arena.bindAndStep(insert)
                    entries.append(RTreeBulkLoader.Entry(
                        id: id, minX: record.location.x, maxX: record.location.x,
                        minY: record.location.y, maxY: record.location.y))
                }
            }
            try RTreeBulkLoader(table: "idx_sources_geometry").load(entries, in: db)
            try triggers.restore(in: db)
            let ingest = try log.insert(in: db, events: events.count)
            try insertEvents(events, ingest: ingest, in: db)
        }
    }

    /// Writes new assignments for the sources whose assignment changed; returns how many.
    ///
    /// - Parameter assignments: one per source, in `source_id` (row id) order, as `fetchSources`
    ///   returned them.
    public func updateAssignments(_ assignments: [SourceAssignment], previous: [SourceAssignment], cellSize: Double) throws -> Int {
        precondition(assignments.count == previous.count, "one assignment per stored source")
        return try write { db in
            try db.execute(sql: "UPDATE settings SET value = ? WHERE key = 'cell_size'", arguments: ["\(cellSize)"])
            let update = try RawStatement(db, sql: """
                UPDATE sources SET prefecture_code = ?, county_code = ?, town_code = ?, grid_code = ?,
                    cell_ix = ?, cell_iy = ?, placement = ?, snap_distance_m = ?
                WHERE id = ?
                """)
            var changed = 0
            for index in assignments.indices where assignments[index] != previous[index] {
                Self.bindAssignment(assignments[index], to: update, from: 1)
                update.bind(9, Int64(index + 1))
                try update.step()
                changed += 1
            }
            return changed
        }
    }

    /// The square-grid cell size in metres the stored cells were computed with.
    public func storedCellSize() throws -> Double {
        try read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'cell_size'").flatMap(Double.init) ?? 1000
        }
    }

    private static func bindAssignment(_ a: SourceAssignment, to statement: RawStatement, from first: Int32) {
        statement.bind(first, a.prefectureCode)
        statement.bind(first + 1, a.countyCode)
        statement.bind(first + 2, a.townCode)
        statement.bind(first + 3, a.gridCode)
        statement.bind(first + 4, a.cellX)
        statement.bind(first + 5, a.cellY)
        statement.bind(first + 6, a.placement.rawValue)
        statement.bind(first + 7, a.snapDistance)
    }
}
