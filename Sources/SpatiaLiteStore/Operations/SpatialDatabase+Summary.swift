import Enforcement
import GRDB
import Store


extension SpatialDatabase {
    /// Counts of current (not removed) sources by status, one row per area of the level (areas
    /// with no source too), in code order, then one `unassigned` row for sources in no area of it.
    public func summary(by grouping: SummaryGrouping) throws -> [StatusCountRow] {
        let statusColumns = SourceStatus.allCases.map { "sum(status = '\($0.rawValue)') AS \($0.rawValue)" }
            .joined(separator: ", ")
        let sql: String
        var arguments: StatementArguments = []
        switch grouping {
        case .area(let level):
            // The column name comes from the enum, never from input.
            let column = "\(level.rawValue)_code"
            let coalesced = SourceStatus.allCases.map { "coalesce(c.\($0.rawValue), 0) AS \($0.rawValue)" }
                .joined(separator: ", ")
            sql = """
                WITH c AS (
                    SELECT \(column) AS code, \(statusColumns)
                    FROM sources WHERE removed_on IS NULL GROUP BY \(column))
                SELECT * FROM (
                    SELECT a.code AS code, a.name AS name, \(coalesced), 0 AS last
                    FROM areas a LEFT JOIN c ON c.code = a.code WHERE a.level = ?
                    UNION ALL
                    SELECT 'unassigned', '', \(coalesced), 1
                    FROM (SELECT 1) LEFT JOIN c ON c.code IS NULL)
                ORDER BY last, code
                """
            arguments = [level.rawValue]
        case .cell:
            sql = """
                SELECT CASE WHEN cell_ix IS NULL THEN 'unassigned' ELSE cell_ix || '_' || cell_iy END AS code,
                       '' AS name, \(statusColumns)
                FROM sources WHERE removed_on IS NULL
                GROUP BY cell_ix, cell_iy ORDER BY cell_ix IS NULL, cell_ix, cell_iy
                """
        }
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                var counts: [SourceStatus: Int] = [:]
                for status in SourceStatus.allCases { counts[status] = row[status.rawValue] ?? 0 }
                return StatusCountRow(code: row["code"], name: row["name"], counts: counts)
            }
        }
    }
}
