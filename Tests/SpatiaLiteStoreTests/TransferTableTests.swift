import Foundation
import GRDB
@testable import SpatiaLiteStore
import Store
import Testing

/// `TransferTable.all` is the whole store: every table of the SpatiaLite schema with every
/// column, so `permitwatch copy` loses nothing (SpatiaLite's own metadata and the R*Trees aside).
@Suite("What a copy moves")
struct TransferTableTests {
    @Test func theTransferListIsEveryTableAndColumnOfTheSchema() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("transfer-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try SpatialDatabase(path: path)
        let rows = try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT m.name AS tableName, p.name AS columnName FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
                WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' AND m.name NOT LIKE 'idx_%' AND m.sql NOT LIKE 'CREATE VIRTUAL%'
                  AND m.name NOT LIKE '%geometry_columns%' AND m.name NOT LIKE 'spatial_ref_sys%'
                  AND m.name NOT IN ('grdb_migrations', 'spatialite_history', 'sql_statements_log', 'data_licenses')
                """)
        }
        var schema: [String: Set<String>] = [:]
        for row in rows { schema[row["tableName"] as String, default: []].insert(row["columnName"]) }
        #expect(schema.count == 20)
        let listed = Dictionary(uniqueKeysWithValues: TransferTable.all.map { ($0.name, Set($0.columns.map(\.name))) })
        #expect(listed == schema)
    }
}
