import Foundation
import GeoKit
import GRDB
import Store

extension SpatialDatabase {
    /// Stores a plan and one row per team that visits something (its path needs two points);
    /// returns the plan's id. Teams are served as `/collections/routes` features `PLAN-TEAM`.
    @discardableResult
    public func storeRoutePlan(_ plan: RoutePlanRecord) throws -> Int64 {
        try write { db in
            let moving = plan.teams.filter { !$0.stopIDs.isEmpty && $0.path.count >= 2 }
            try db.execute(
                sql: "INSERT INTO route_plans (parameters, depot, teams, prize, distance_km, unvisited) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    plan.parameters, plan.depot, plan.teams.count, plan.teams.reduce(0) { $0 + $1.prize },
                    plan.teams.reduce(0) { $0 + $1.metres } / 1000, plan.unvisited,
                ])
            let id = db.lastInsertedRowID
            let createdAt = try String.fetchOne(db, sql: "SELECT created_at FROM route_plans WHERE id = ?", arguments: [id]) ?? ""
            for team in moving {
                let stopIDs = String(decoding: try JSONEncoder().encode(team.stopIDs), as: UTF8.self)
                try db.execute(
                    sql: """
                        INSERT INTO route_teams (route, plan_id, team, depot, stops, stop_ids, prize, distance_km, duration_h, created_at, geometry)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        "\(id)-\(team.number)", id, team.number, plan.depot, team.stopIDs.count, stopIDs, team.prize,
                        team.metres / 1000, team.seconds / 3600, createdAt, Data(SpatiaLiteGeometryBlob.lineString(team.path)),
                    ])
            }
            return id
        }
    }
}
