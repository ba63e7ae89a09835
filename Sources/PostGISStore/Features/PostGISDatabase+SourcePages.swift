import FeatureMemory
import GeoKit
import PostgresNIO
import Store

/// The sources' pages from this process's source index, as the SpatiaLite store serves them:
/// the count and the page's row ids from memory, only the page's rows from PostgreSQL (by id,
/// in the same snapshot), and of those only the ones whose encoded features are not kept.
///
/// While another request of this process reads the index of a new generation whole (a few
/// seconds, after an ingest), a page of that generation is answered by SQL instead (the count
/// and the page through the GiST and id indexes, in its snapshot) rather than wait for it.
extension PostGISDatabase {
    /// A page of current sources as one snapshot holds it.
    struct SourcesPage {
        enum Feature {
            /// The bytes kept for the source, valid in the page's snapshot.
            case kept([UInt8])
            /// The source's row to encode (`selectList`'s columns, then `id`) and its id.
            case row(Int64, PostgresRow)
        }

        var generation: Int64
        var matched: Int
        /// The page, in id order.
        var features: [Feature]
        /// Whether the page came from the index, so the cache had been told of every change up
        /// to `generation` and may keep what is encoded from its rows.
        var fromIndex: Bool
        var metricCRS: MetricCRS?
    }

    /// Reads the page of current sources `query` asks for in one snapshot; with
    /// `usingKeptFeatures`, the sources whose encoded features may be sent as kept are not read.
    func readSourcesPage(_ query: FeatureQuery, timeLimit: Double, usingKeptFeatures: Bool) throws -> SourcesPage {
        try readSnapshot { db, generation in
            // The index is read (or patched) for every request of its generation at once, so
            // it is not bound by this request's time limit; the page's own statements are.
            let index = try sourcePointIndex(db, generation: generation, waiting: false)
            var timed = false
            func limitTime() throws {
                guard !timed else { return }
                try db.execute("SELECT set_config('statement_timeout', $1, true)", [.text("\(max(1, Int(timeLimit * 1000)))")])
                timed = true
            }
            let crs = try metricCRS(in: db, generation: generation)
            guard let index else {
                try limitTime()
                let (matched, rows) = try Self.sourcesBySQL(query, in: db)
                return SourcesPage(
                    generation: generation, matched: matched, features: rows.map { .row($0, $1) }, fromIndex: false, metricCRS: crs)
            }
            if !query.attributes.isEmpty { try limitTime() }
            let allowed = try Self.sourceRowids(db, matchingAttributes: query.attributes)
            let (matched, rowids) = index.select(query, among: allowed)
            let kept = usingKeptFeatures
                ? sourceFeatureMemory.encodedFeatures.features(rowids, at: generation) : Array(repeating: nil, count: rowids.count)
            let missing = zip(rowids, kept).compactMap { rowid, bytes in bytes == nil ? rowid : nil }
            var rows: [Int64: PostgresRow] = [:]
            if !missing.isEmpty {
                try limitTime()
                let read = try db.rows("\(Self.sourcesSelect) WHERE id = ANY($1::bigint[])", [.text(Self.arrayLiteral(missing))]) { row in
                    (try row.cell(Self.sourcesIDColumn).decode(Int64.self), row)
                }
                rows = Dictionary(read, uniquingKeysWith: { first, _ in first })
            }
            let features = zip(rowids, kept).compactMap { rowid, bytes -> SourcesPage.Feature? in
                if let bytes { return .kept(bytes) }
                return rows[rowid].map { .row(rowid, $0) }
            }
            return SourcesPage(generation: generation, matched: matched, features: features, fromIndex: true, metricCRS: crs)
        }
    }

    /// The count of current sources `query` matches and its page, by SQL in the transaction's
    /// snapshot: what the index answers, when it is not there to answer.
    static func sourcesBySQL(_ query: FeatureQuery, in db: PostgresTransaction) throws -> (matched: Int, rows: [(Int64, PostgresRow)]) {
        var filter = FeatureFilter(storage: PostGISFeatureTables.storage(of: .sources))
        filter.add(query, metricCRS: nil)
        let matched = try db.value(Int.self, "SELECT count(*) FROM sources WHERE \(filter.condition)", filter.values) ?? 0
        let limit = filter.placeholder(.integer(Int64(max(query.limit, 0))))
        let offset = filter.placeholder(.integer(Int64(max(query.offset, 0))))
        let rows = try db.rows(
            "\(sourcesSelect) WHERE \(filter.condition) ORDER BY id LIMIT \(limit) OFFSET \(offset)", filter.values
        ) { row in (try row.cell(sourcesIDColumn).decode(Int64.self), row) }
        return (matched, rows)
    }

    /// The sources' feature columns, then the row id.
    private static let sourcesSelect = selectList(.sources, storage: PostGISFeatureTables.storage(of: .sources), appending: "id")
    private static let sourcesIDColumn = FeatureCollectionDefinition.sources.properties.count + 3

    /// The current source index, in this read's snapshot: patched from the one before when only
    /// field writes came since (`ChangeLogs`), read whole otherwise.
    func sourcePointIndex(_ db: PostgresTransaction, generation: Int64) throws -> SourcePointIndex {
        // Waiting, it always has one.
        try sourcePointIndex(db, generation: generation, waiting: true)!
    }

    /// The same; without `waiting`, nil when another request of this process is making one.
    func sourcePointIndex(_ db: PostgresTransaction, generation: Int64, waiting: Bool) throws -> SourcePointIndex? {
        let names = SourcePointIndex.propertyColumns
        let columns = names.map { "\($0)::text" }.joined(separator: ", ")
        return try sourceFeatureMemory.index(
            at: generation, waiting: waiting,
            changedRows: { since in try ChangeLogs.sourceRows(since: since, in: db) },
            rows: { rowids in
                let found = try db.rows(
                    "SELECT id, lon, lat, status_date, removed_on IS NOT NULL, \(columns) FROM sources WHERE id = ANY($1::bigint[])",
                    [.text(Self.arrayLiteral(rowids))]
                ) { row in
                    var cells = CellReader(row)
                    let rowid = Int64(try cells.integer() ?? 0)
                    let longitude = try cells.real() ?? 0, latitude = try cells.real() ?? 0, date = try cells.text()
                    let removed = try cells.boolean() ?? false
                    return SourcePointIndex.Row(
                        rowid: rowid, longitude: longitude, latitude: latitude, date: date, values: try names.map { _ in try cells.text() },
                        removed: removed)
                }
                let byRowid = Dictionary(found.map { ($0.rowid, $0) }, uniquingKeysWith: { first, _ in first })
                return rowids.map { byRowid[$0] ?? .removed($0) }
            },
            whole: { builder in
                let reading = IndexReading()
                try db.forEachRow(
                    "SELECT id, lon, lat, status_date, \(columns) FROM sources WHERE removed_on IS NULL ORDER BY id"
                ) { row in
                    var cells = CellReader(row)
                    let rowid = Int64(try cells.integer() ?? 0)
                    let longitude = try cells.real() ?? 0, latitude = try cells.real() ?? 0, date = try cells.text()
                    try reading.builder.append(rowid: rowid, longitude: longitude, latitude: latitude, date: date) { _ in try cells.text() }
                }
                builder = reading.builder
            })
    }

    /// The current sources whose kept register columns have the values asked for; nil when
    /// nothing is asked (a scan, as on SpatiaLite: such filters are rare).
    static func sourceRowids(_ db: PostgresTransaction, matchingAttributes attributes: [String: String]) throws -> Set<Int64>? {
        guard !attributes.isEmpty else { return nil }
        var terms: [String] = [], values: [SQLValue] = []
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
            values += [.text(key), .text(value)]
            terms.append("(attributes::jsonb ->> $\(values.count - 1)) = $\(values.count)")
        }
        return Set(try db.rows(
            "SELECT id FROM sources WHERE removed_on IS NULL AND attributes IS NOT NULL AND \(terms.joined(separator: " AND "))", values
        ) { row in try row.cell(0).decode(Int64.self) })
    }

    /// `{1,2,3}`: row ids as one bound value, for `= ANY($1::bigint[])`.
    private static func arrayLiteral(_ rowids: [Int64]) -> String {
        "{" + rowids.map(String.init).joined(separator: ",") + "}"
    }

    /// The builder the rows of a whole read go into, filled on the connection's event loop one
    /// row after another and taken by the caller once the query completed.
    private final class IndexReading: @unchecked Sendable {
        var builder = SourcePointIndex.Builder()
    }
}
