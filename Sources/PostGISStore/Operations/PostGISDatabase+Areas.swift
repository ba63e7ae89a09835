import Enforcement
import GeoKit
import NIOCore
import Store

extension PostGISDatabase {
    /// Replaces every area of `level`, in one transaction; square kilometres are measured in
    /// the log entry's metric CRS (the store's), as the SpatiaLite store measures them.
    public func replaceAreas(level: AreaLevel, with areas: [AreaRecord], log: IngestLogEntry) throws {
        try write { db in
            guard let crs = try recordMetricCRS(log.metricCRS, file: log.file, in: db) else {
                throw StoreError(message: "areas written without a metric coordinate system to measure them in")
            }
            try db.execute("DELETE FROM areas WHERE level = $1", [.text(level.rawValue)])
            try db.execute("DELETE FROM area_names WHERE level = $1", [.text(level.rawValue)])
            for area in areas {
                try db.execute("""
                    INSERT INTO areas (level, code, name, parent_code, officer, officer_phone, area_km2, repair_note, geometry)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ST_GeomFromWKB($9, 4326))
                    """, [
                        .text(level.rawValue), .text(area.code), .text(area.name), .text(area.parentCode), .text(area.officer),
                        .text(area.officerPhone), .real(StoredValueEncoding.squareKilometres(area.geometry, in: crs)), .text(area.repairNote),
                        .blob(WKB.multiPolygon(area.geometry)),
                    ])
            }
            try db.execute("""
                INSERT INTO area_names (level, code, name, parent_code, officer, officer_phone)
                SELECT level, code, name, parent_code, officer, officer_phone FROM areas WHERE level = $1
                """, [.text(level.rawValue)])
            for statement in PostGISSchema.rebuildAreaPaths { try db.execute(statement) }
            try db.execute("ANALYZE areas")
            _ = try insertLog(log, events: 0, in: db)
        }
    }

    public func fetchAreas(level: AreaLevel) throws -> [AreaRecord] {
        try read { db in
            try db.rows("""
                SELECT code, name, parent_code, officer, officer_phone, repair_note, ST_AsBinary(geometry)
                FROM areas WHERE level = $1 ORDER BY code COLLATE "C"
                """, [.text(level.rawValue)]) { row in
                var cells = CellReader(row)
                let code = try cells.text() ?? "", name = try cells.text() ?? "", parent = try cells.text()
                let officer = try cells.text(), phone = try cells.text(), note = try cells.text()
                guard let wkb = try cells.bytes() else { throw StoreError(message: "area \(code) has no geometry") }
                return AreaRecord(
                    level: level, code: code, name: name, parentCode: parent, officer: officer, officerPhone: phone,
                    geometry: try WKB.decodeMultiPolygon(wkb), repairNote: note)
            }
        }
    }

    public func fetchAreaParents(level: AreaLevel) throws -> [(code: String, parent: String?)] {
        try read { db in
            try db.rows(#"SELECT code, parent_code FROM area_names WHERE level = $1 ORDER BY code COLLATE "C""#, [.text(level.rawValue)]) { row in
                (code: try row.cell(0).decode(String.self), parent: try row.cell(1).decode(String?.self))
            }
        }
    }

    public func areaExtent() throws -> BoundingBox? {
        try read { db in
            try db.rows("""
                SELECT min(ST_XMin(geometry)), min(ST_YMin(geometry)), max(ST_XMax(geometry)), max(ST_YMax(geometry)) FROM areas
                """) { row -> BoundingBox? in
                var cells = CellReader(row)
                guard let minX = try cells.real(), let minY = try cells.real(), let maxX = try cells.real(), let maxY = try cells.real()
                else { return nil }
                return BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
            }.first ?? nil
        }
    }

    public func areaCounts() throws -> [AreaLevel: Int] {
        let rows = try read { db in
            try db.rows("SELECT level, count(*) FROM areas GROUP BY level") { row in
                (try row.cell(0).decode(String.self), try row.cell(1).decode(Int.self))
            }
        }
        var counts: [AreaLevel: Int] = [:]
        for (level, count) in rows { if let level = AreaLevel(rawValue: level) { counts[level] = count } }
        return counts
    }

    public func areasRevision() throws -> Int64 {
        try read { db in try db.value(Int64.self, "SELECT coalesce(max(id), 0) FROM ingests WHERE kind LIKE 'areas%'") ?? 0 }
    }

    public func areaLevel(ofCode code: String) throws -> AreaLevel? {
        let levels = try read { db in
            try db.rows("SELECT level FROM areas WHERE code = $1", [.text(code)]) { row in try row.cell(0).decode(String.self) }
        }
        // The highest level when several share the code, as the SpatiaLite store answers.
        return AreaLevel.allCases.first { levels.contains($0.rawValue) }
    }

    public func fetchAreaDirectory() throws -> [AreaDirectoryEntry] {
        try read { db in
            try db.rows(#"SELECT level, code, name, parent_code, officer FROM area_names ORDER BY level COLLATE "C", code COLLATE "C""#) { row in
                var cells = CellReader(row)
                let level = try cells.text().flatMap(AreaLevel.init(rawValue:))
                return (level, try cells.text() ?? "", try cells.text() ?? "", try cells.text(), try cells.text())
            }.compactMap { entry in
                entry.0.map { AreaDirectoryEntry(level: $0, code: entry.1, name: entry.2, parentCode: entry.3, officer: entry.4) }
            }
        }
    }

    public func areas(containing points: [Coordinate], level: AreaLevel) throws -> [AreaDirectoryEntry?] {
        // Many points: one in-process index over the level's polygons, the assignment's own
        // (the same lowest-code rule), as the SpatiaLite store does.
        if points.count > 500 {
            let areas = try fetchAreas(level: level)
            let index = AreaIndex(areas: areas.map { ($0.code, $0.geometry) })
            let byCode = Dictionary(areas.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
            return points.map { point in
                index.locate(point).flatMap { byCode[index.codes[$0]] }.map {
                    AreaDirectoryEntry(level: level, code: $0.code, name: $0.name, parentCode: $0.parentCode, officer: $0.officer)
                }
            }
        }
        return try read { db in
            try points.map { point in
                // The GiST index narrows to the boxes that hold the point; GEOS decides containment.
                try db.rows("""
                    SELECT code, name, parent_code, officer FROM areas
                    WHERE level = $1 AND ST_Contains(geometry, ST_SetSRID(ST_MakePoint($2, $3), 4326))
                    ORDER BY code COLLATE "C" LIMIT 1
                    """, [.text(level.rawValue), .real(point.x), .real(point.y)]) { row in
                    var cells = CellReader(row)
                    return AreaDirectoryEntry(
                        level: level, code: try cells.text() ?? "", name: try cells.text() ?? "", parentCode: try cells.text(),
                        officer: try cells.text())
                }.first
            }
        }
    }

    public func fetchAreaOutlines(level: AreaLevel, codes: [String]) throws -> [String: MultiPolygon] {
        guard !codes.isEmpty else { return [:] }
        let rows = try read { db in
            try db.rows(
                "SELECT code, ST_AsBinary(geometry) FROM areas WHERE level = $1 AND code = ANY($2::text[])",
                [.text(level.rawValue), .text(Self.arrayLiteral(codes))]
            ) { row in
                (try row.cell(0).decode(String.self), try WKB.decodeMultiPolygon(try row.cell(1).decode(ByteBuffer.self)))
            }
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }
}
