import FileWriting
import Store

/// `permitwatch query NAME` and `GET /queries/NAME`: one query of the catalog, found, its
/// parameters and output checked before any SQL runs, then run and written row by row.
public struct CatalogQuery: Sendable {
    public let definition: QueryDefinition
    public let parameters: [String: String]
    public let format: ResultFormat

    /// Finds the query and checks the parameters and the format: a request that cannot run is
    /// refused here, before a database is opened or a byte is written.
    ///
    /// - Throws: `QueryError` naming the query and the parameter.
    public init(name: String, in catalog: QueryCatalog, parameters: [String: String], format: ResultFormat) throws {
        definition = try catalog.query(named: name)
        _ = try definition.bindings(for: parameters, metricCRS: nil)
        if format == .geojson && definition.geometryColumn == nil { throw QueryError.noGeometry(query: definition.name) }
        self.parameters = parameters
        self.format = format
    }

    /// Runs the query on `store` within `timeLimit` seconds and at most `limit` rows, writing
    /// each row to `sink` in the chosen format. Returns the rows written.
    ///
    /// A table shows at most `limit` rows but counts them all, to say how many it left out;
    /// `table` is how wide it may be.
    @discardableResult
    public func run(
        on store: any QueryRunner.Storage, timeLimit: Double, limit: Int?, excel: Bool = false, table: TableResultWriter.Layout = .full,
        to sink: ByteSink
    ) throws -> Int {
        let writer = format.makeWriter(sink: sink, excel: excel, table: table, showing: limit)
        let rows = try QueryRunner(database: store, timeLimit: timeLimit)
            .run(definition, parameters: parameters, limit: format == .table ? nil : limit, writer: writer)
        return format == .table ? min(rows, limit ?? rows) : rows
    }
}
