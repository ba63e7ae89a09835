import GeoKit
import GRDB
import Store

extension SpatialDatabase {
    /// Replaces the road network, in one transaction. The vertices are kept exactly (as text
    /// with round-trip precision) for routing, and as a LINESTRING geometry for GIS tools.
    public func replaceRoads(_ roads: [RoadRecord], log: IngestLogEntry) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM roads")
            let insert = try db.makeStatement(sql: """
                INSERT INTO roads (direction, metres_per_second, coordinates, geometry) VALUES (?, ?, ?, GeomFromText(?, 4326))
                """)
            for road in roads {
                let coordinates = road.coordinates.map { "\($0.x) \($0.y)" }
                try insert.execute(arguments: [
                    road.direction.rawValue, road.metresPerSecond, coordinates.joined(separator: ";"),
                    "LINESTRING(" + coordinates.joined(separator: ", ") + ")",
                ])
            }
            try log.insert(in: db, events: 0)
        }
    }

    /// The stored road network, in insertion order; empty when none was imported (or when a
    /// database made before roads existed is opened read-only, unmigrated).
    public func fetchRoads() throws -> [RoadRecord] {
        try read { db in
            guard try db.tableExists("roads") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT direction, metres_per_second, coordinates FROM roads ORDER BY id").map { row in
                let text: String = row["coordinates"]
                let coordinates = text.split(separator: ";").map { pair -> Coordinate in
                    let parts = pair.split(separator: " ")
                    return Coordinate(Double(parts[0]) ?? .nan, Double(parts[1]) ?? .nan)
                }
                return RoadRecord(
                    coordinates: coordinates, direction: RoadRecord.Direction(rawValue: row["direction"]) ?? .both,
                    metresPerSecond: row["metres_per_second"])
            }
        }
    }
}
