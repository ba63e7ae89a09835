import GeoKit
import NIOCore
import Store

extension PostGISDatabase {
    public func replaceDepots(_ depots: [DepotRecord], log: IngestLogEntry) throws {
        try write { db in
            try recordMetricCRS(log.metricCRS, file: log.file, in: db)
            try db.execute("DELETE FROM depots")
            for depot in depots {
                try db.execute("""
                    INSERT INTO depots (code, name, county_code, lon, lat, x, y, geometry)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, ST_GeomFromWKB($8, 4326))
                    """, [
                        .text(depot.code), .text(depot.name), .text(depot.countyCode), .real(depot.location.x), .real(depot.location.y),
                        .real(depot.projected.x), .real(depot.projected.y), .blob(WKB.point(depot.location)),
                    ])
            }
            _ = try insertLog(log, events: 0, in: db)
        }
    }

    public func fetchDepots() throws -> [DepotRecord] {
        try read { db in
            try db.rows(#"SELECT code, name, county_code, lon, lat, x, y FROM depots ORDER BY code COLLATE "C""#) { row in
                var cells = CellReader(row)
                let code = try cells.text() ?? "", name = try cells.text() ?? "", county = try cells.text()
                let location = Coordinate(try cells.real() ?? 0, try cells.real() ?? 0)
                return DepotRecord(
                    code: code, name: name, countyCode: county, location: location, projected: Coordinate(try cells.real() ?? 0, try cells.real() ?? 0))
            }
        }
    }

    /// Replaces the road network: the vertices kept exactly as text (round-trip precision, as
    /// the SpatiaLite store keeps them) for routing, and as a line for GIS tools.
    public func replaceRoads(_ roads: [RoadRecord], log: IngestLogEntry) throws {
        try write { db in
            try db.execute("DELETE FROM roads")
            for road in roads {
                try db.execute("""
                    INSERT INTO roads (direction, metres_per_second, coordinates, geometry) VALUES ($1, $2, $3, ST_GeomFromWKB($4, 4326))
                    """, [
                        .text(road.direction.rawValue), .real(road.metresPerSecond),
                        .text(road.coordinates.map { "\($0.x) \($0.y)" }.joined(separator: ";")), .blob(WKB.lineString(road.coordinates)),
                    ])
            }
            _ = try insertLog(log, events: 0, in: db)
        }
    }

    public func fetchRoads() throws -> [RoadRecord] {
        try read { db in
            try db.rows("SELECT direction, metres_per_second, coordinates FROM roads ORDER BY id") { row in
                var cells = CellReader(row)
                let direction = RoadRecord.Direction(rawValue: try cells.text() ?? "") ?? .both
                let speed = try cells.real()
                let coordinates = (try cells.text() ?? "").split(separator: ";").map { pair -> Coordinate in
                    let parts = pair.split(separator: " ")
                    return Coordinate(Double(parts[0]) ?? .nan, Double(parts.count > 1 ? parts[1] : "") ?? .nan)
                }
                return RoadRecord(coordinates: coordinates, direction: direction, metresPerSecond: speed)
            }
        }
    }
}
