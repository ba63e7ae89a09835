import Foundation
import GeoKit
import Store

/// Runs catalog queries: the one runner the CLI and the server share.
///
/// Parameters are checked and bound before any SQL runs; the statement runs on a read-only
/// connection, with a row limit and a time limit, and its rows stream to the writer as they
/// come, so an export of every source never holds the result in memory.
public struct QueryRunner: Sendable {
    /// The catalog's SQL, the metric CRS points are projected into, and what values are
    /// checked against (the areas, the history's span).
    public typealias Storage = CatalogReader & MetricCRSStore & AreaStore & SourceRegister

    let database: any Storage
    public var timeLimit: Double

    /// - Parameter database: a store opened read-only, as the CLI and the server open it; its
    ///   metric CRS projects point parameters.
    public init(database: any Storage, timeLimit: Double = 60) {
        self.database = database
        self.timeLimit = timeLimit
    }

    /// Runs `query` with `parameters` (the `--param` values), writing every row to `writer`.
    /// Returns the number of rows written.
    @discardableResult
    public func run(_ query: QueryDefinition, parameters: [String: String], limit: Int? = nil, writer: some QueryResultWriter) throws -> Int {
        guard query.dialect == database.sqlDialect else {
            throw QueryError.refused(
                query: query.name, reason: "it is written in \(query.dialect) SQL and this store runs \(database.sqlDialect) SQL")
        }
        let bindings = try query.bindings(for: parameters, metricCRS: database.metricCRS())
        try checkAgainstData(query, bindings: bindings, given: parameters)
        if writer.needsGeometry && query.geometryColumn == nil { throw QueryError.noGeometry(query: query.name) }
        var geometryIndex: Int?
        let rows: Int
        do {
            rows = try database.streamReadOnly(
                sql: query.sql, arguments: bindings, rowLimit: limit, timeLimit: timeLimit,
                columns: { columns in
                    if let column = query.geometryColumn {
                        guard let index = columns.firstIndex(of: column) else {
                            throw QueryError.brokenHeader(
                                query: query.name, file: query.origin, line: 1,
                                message: "geometry column '\(column)' is not among the result columns (\(columns.joined(separator: ", ")))")
                        }
                        geometryIndex = index
                    }
                    try writer.begin(columns: columns, geometryColumn: geometryIndex)
                },
                row: { row in
                    try writer.row(row) { try geometryIndex.flatMap { try row.geometry(at: $0) } }
                })
        } catch let error as StoreError where error.isInterruption {
            throw QueryError.timedOut(query: query.name, seconds: timeLimit)
        } catch let error as StoreError {
            throw QueryError.refused(query: query.name, reason: error.description)
        }
        try writer.end()
        return rows
    }

    /// Refuses an area code no area has and a week the history does not reach: either would
    /// select nothing and look like an answer.
    private func checkAgainstData(_ query: QueryDefinition, bindings: [String: SQLValue], given: [String: String]) throws {
        for parameter in query.parameters {
            guard case .text(let value)? = bindings[parameter.name], !parameter.alsoAccepted.contains(value) else { continue }
            let shown = given[parameter.name] ?? value
            switch parameter.kind {
            case .area:
                if try database.areaLevel(ofCode: value) == nil {
                    throw QueryError.invalidParameter(
                        query: query.name, parameter: parameter.name, value: shown,
                        expected: "\(DataChecks.areaExpected); no area has this code")
                }
            case .isoweek:
                guard case .text(let monday)? = bindings[parameter.name + "_start"], case .text(let sunday)? = bindings[parameter.name + "_end"]
                else { continue }
                if let problem = try DataChecks.weekProblem(value, monday: monday, sunday: sunday, in: database) {
                    throw QueryError.invalidParameter(query: query.name, parameter: parameter.name, value: shown, expected: problem)
                }
            default:
                continue
            }
        }
    }
}
