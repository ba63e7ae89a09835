import Store

extension PostGISDatabase {
    /// Nothing to do: a committed PostgreSQL transaction is durable in the server's own files.
    public func checkpoint() throws {}

    /// A PostgreSQL database is backed up by its own tools, which a DBA already runs; copying
    /// it into a SpatiaLite file is a different operation.
    public func backup(to path: String) throws {
        throw StoreError(message: "\(url) is backed up with PostgreSQL's own tools: `pg_dump --schema=\(url.schema) \(url.database)` (or the server's continuous archiving); `permitwatch backup` copies SpatiaLite files")
    }

    public func verify() throws -> [StoreCheck] {
        try read { db in
            [try integrity(db), try spatialIndexes(db), try assignment(db), try statusHistory(db), try schema(db)]
        }
    }

    /// PostgreSQL checks its pages itself (checksums, WAL); what can go wrong under the store is
    /// an index left invalid by an interrupted `CREATE INDEX CONCURRENTLY` or a failed rebuild.
    private func integrity(_ db: PostgresTransaction) throws -> StoreCheck {
        let invalid = try db.rows("""
            SELECT c.relname FROM pg_index AS i JOIN pg_class AS c ON c.oid = i.indexrelid
            JOIN pg_namespace AS n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND NOT (i.indisvalid AND i.indisready) ORDER BY 1
            """, [.text(url.schema)]) { row in try row.cell(0).decode(String.self) }
        return StoreCheck(
            kind: .integrity, checked: "every index of schema \(url.schema) valid and ready",
            findings: invalid.map { "index \($0) is invalid; rebuild it with REINDEX INDEX \(url.schema).\($0)" })
    }

    private func spatialIndexes(_ db: PostgresTransaction) throws -> StoreCheck {
        let tables = ["sources", "areas", "clusters", "route_teams"]
        let indexed = Set(try db.rows("""
            SELECT t.relname FROM pg_index AS i JOIN pg_class AS c ON c.oid = i.indexrelid
            JOIN pg_class AS t ON t.oid = i.indrelid JOIN pg_namespace AS n ON n.oid = t.relnamespace
            JOIN pg_am AS am ON am.oid = c.relam
            WHERE n.nspname = $1 AND am.amname = 'gist'
            """, [.text(url.schema)]) { row in try row.cell(0).decode(String.self) })
        let missing = tables.filter { !indexed.contains($0) }
        return StoreCheck(
            kind: .spatialIndexes, checked: "\(tables.count) GiST indexes",
            findings: missing.map { "\($0) has no GiST index on its geometry" })
    }

    private func assignment(_ db: PostgresTransaction) throws -> StoreCheck {
        var findings: [String] = []
        let sources = try db.value(Int.self, "SELECT count(*) FROM sources") ?? 0
        let placedNowhere = try db.rows("""
            SELECT source_id FROM sources
            WHERE placement <> 'unassigned' AND prefecture_code IS NULL AND county_code IS NULL AND town_code IS NULL AND grid_code IS NULL
            ORDER BY source_id COLLATE "C"
            """) { row in try row.cell(0).decode(String.self) }
        if !placedNowhere.isEmpty {
            findings.append("\(placedNowhere.count) sources marked placed have no area (\(Self.examples(placedNowhere))); run `permitwatch assign`")
        }
        for (level, column) in [("prefecture", "prefecture_code"), ("county", "county_code"), ("town", "town_code"), ("grid", "grid_code")] {
            let unknown = try db.rows("""
                SELECT s.source_id FROM sources AS s
                WHERE s.\(column) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM areas AS a WHERE a.level = $1 AND a.code = s.\(column))
                ORDER BY s.source_id COLLATE "C"
                """, [.text(level)]) { row in try row.cell(0).decode(String.self) }
            if !unknown.isEmpty {
                findings.append("\(unknown.count) sources are placed in a \(level) that does not exist (\(Self.examples(unknown))); run `permitwatch assign`")
            }
        }
        let flagged = try db.value(Int.self, "SELECT count(*) FROM sources WHERE placement = 'unassigned'") ?? 0
        return StoreCheck(kind: .assignment, checked: "\(sources) sources, \(flagged) flagged unassigned", findings: findings)
    }

    /// The replay takes a source's status from its latest event that has one (by date, then in
    /// the order they were stored), as the SpatiaLite store's check does.
    private func statusHistory(_ db: PostgresTransaction) throws -> StoreCheck {
        let differing = try db.rows("""
            WITH last AS (
                SELECT source_id, status, ROW_NUMBER() OVER (PARTITION BY source_id ORDER BY date COLLATE "C" DESC, id DESC) AS rank
                FROM events WHERE status IS NOT NULL)
            SELECT s.source_id, s.status, last.status
            FROM sources AS s JOIN last ON last.source_id = s.source_id AND last.rank = 1
            WHERE s.status <> last.status
            ORDER BY s.source_id COLLATE "C"
            """) { row in
            "\(try row.cell(0).decode(String.self)) is \(try row.cell(1).decode(String.self)), its events say \(try row.cell(2).decode(String.self))"
        }
        let withHistory = try db.value(Int.self, "SELECT count(DISTINCT source_id) FROM events WHERE status IS NOT NULL") ?? 0
        var findings: [String] = []
        if !differing.isEmpty {
            findings.append("\(differing.count) sources' status differs from the replay of their events: \(differing.prefix(5).joined(separator: "; "))\(differing.count > 5 ? "; …" : "")")
        }
        return StoreCheck(kind: .statusHistory, checked: "\(withHistory) sources with a status history", findings: findings)
    }

    private func schema(_ db: PostgresTransaction) throws -> StoreCheck {
        let applied = Set(try db.rows("SELECT version FROM schema_migrations") { row in try row.cell(0).decode(Int.self) })
        let known = PostGISSchema.migrations.map(\.version)
        var findings: [String] = []
        let missing = known.filter { !applied.contains($0) }
        let unknown = applied.subtracting(known).sorted()
        if !missing.isEmpty { findings.append("migrations not applied: \(missing.map(String.init).joined(separator: ", ")) (open it once for writing, e.g. `permitwatch assign`)") }
        if !unknown.isEmpty { findings.append("migrations this build does not know (a newer permitwatch made them): \(unknown.map(String.init).joined(separator: ", "))") }
        return StoreCheck(kind: .schema, checked: "\(applied.count) of \(known.count) migrations applied", findings: findings)
    }

    private static func examples(_ ids: [String]) -> String {
        ids.prefix(5).joined(separator: ", ") + (ids.count > 5 ? ", …" : "")
    }
}
