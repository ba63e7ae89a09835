import Enforcement
import Store

extension PostGISDatabase {
    /// Counts of current (not removed) sources by status, one row per area of the level (areas
    /// with no source too), in code order, then one `unassigned` row for sources in no area of
    /// it: the SpatiaLite store's rows, from the same SQL in PostgreSQL's dialect.
    public func summary(by grouping: SummaryGrouping) throws -> [StatusCountRow] {
        let statuses = SourceStatus.allCases
        let statusColumns = statuses.map { "count(*) FILTER (WHERE status = '\($0.rawValue)') AS \($0.rawValue)" }
            .joined(separator: ", ")
        let sql: String
        var values: [SQLValue] = []
        switch grouping {
        case .area(let level):
            // The column name comes from the enum, never from input.
            let column = "\(level.rawValue)_code"
            let coalesced = statuses.map { "coalesce(c.\($0.rawValue), 0)" }.joined(separator: ", ")
            sql = """
                WITH c AS (
                    SELECT \(column) AS code, \(statusColumns)
                    FROM sources WHERE removed_on IS NULL GROUP BY \(column))
                SELECT code, name, \(statuses.map(\.rawValue).joined(separator: ", ")) FROM (
                    SELECT a.code AS code, a.name AS name, \(statuses.map { "coalesce(c.\($0.rawValue), 0) AS \($0.rawValue)" }.joined(separator: ", ")), 0 AS last
                    FROM areas AS a LEFT JOIN c ON c.code = a.code WHERE a.level = $1
                    UNION ALL
                    SELECT 'unassigned', '', \(coalesced), 1
                    FROM (SELECT 1) AS one LEFT JOIN c ON c.code IS NULL) AS rows
                ORDER BY last, code COLLATE "C"
                """
            values = [.text(level.rawValue)]
        case .cell:
            sql = """
                SELECT CASE WHEN cell_ix IS NULL THEN 'unassigned' ELSE cell_ix || '_' || cell_iy END AS code,
                       '' AS name, \(statusColumns)
                FROM sources WHERE removed_on IS NULL
                GROUP BY cell_ix, cell_iy ORDER BY cell_ix IS NULL, cell_ix, cell_iy
                """
        }
        return try read { db in
            try db.rows(sql, values) { row in
                var cells = CellReader(row)
                let code = try cells.text() ?? "", name = try cells.text() ?? ""
                var counts: [SourceStatus: Int] = [:]
                for status in statuses { counts[status] = try cells.integer() ?? 0 }
                return StatusCountRow(code: code, name: name, counts: counts)
            }
        }
    }
}
