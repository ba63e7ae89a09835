import GRDB
import Store

/// Drops a table's triggers for the length of a bulk load and recreates them from their own SQL.
///
/// SpatiaLite's geometry triggers (type check, R*Tree maintenance, timestamps) cost tens of
/// microseconds per row; a bulk load validates its geometry itself and rebuilds the index in one
/// pass afterwards. Because the drop and the re-creation happen inside the caller's transaction,
/// a failed load leaves the triggers exactly as they were.
struct TriggerSuspension {
    private let triggers: [(name: String, sql: String)]

    init(table: String, in db: Database) throws {
        triggers = try Row.fetchAll(
            db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name",
            arguments: [table]
        ).map { ($0["name"], $0["sql"]) }
        for trigger in triggers {
            try db.execute(sql: "DROP TRIGGER \(trigger.name.quotedDatabaseIdentifier)")
        }
    }

    func restore(in db: Database) throws {
        for trigger in triggers { try db.execute(sql: trigger.sql) }
    }
}
