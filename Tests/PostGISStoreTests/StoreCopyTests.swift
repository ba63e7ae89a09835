import Foundation
import PermitWatch
import PostGISStore
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// `permitwatch copy`: a SpatiaLite store moved to PostGIS and back gives the same tables, value
/// for value, and the same answers; tokens made before the copy still open the copy.
@Suite(.requires(.postgres), .serialized)
struct StoreCopyTests {
    /// Every table of a store with the rows `readWholeStore` reads, the settings the copy sets
    /// itself left out.
    static func tables(of store: any StoreTransfer) throws -> [String: [[SQLValue]]] {
        try store.readWholeStore { reader in
            var tables: [String: [[SQLValue]]] = [:]
            for table in TransferTable.all {
                var rows: [[SQLValue]] = []
                try reader.rows(of: table) { row in
                    if table.carries(row) { rows.append(row) }
                }
                tables[table.name] = rows
            }
            return tables
        }
    }

    @Test func aRoundTripThroughPostGISGivesTheSameTablesAndAnswers() throws {
        let province = try SharedProvince.load()
        let original = try province.copy("copy-original")
        let back = try SharedProvince.scratchDirectory("copy-back").appendingPathComponent("back.sqlite").path
        // What a database holds after some use: stored analyses, a route plan, a token.
        for command in [
            ["clusters", "--eps", "1500", "--min-points", "3"],
            ["hotspots", "--grid", "square:5000"],
            ["route", "plan", "--teams", "2", "--iterations", "100", "--seed", "3"],
        ] {
            let ran = try CommandComparisonTests.run(command, database: original.path)
            #expect(ran.status == 0, "\(command): \(ran.error)")
        }
        let token = try CommandComparisonTests.run(["token", "create", "--name", "qgis", "--role", "reader"], database: original.path)
        #expect(token.status == 0, "\(token.error)")
        let secret = token.output.trimmingCharacters(in: .whitespacesAndNewlines)

        try PostGISTestStore.with { location in
            let url = location.url.description
            let there = try CommandComparisonTests.run(["copy", "--from", original.path, "--to", url], database: nil)
            #expect(there.status == 0, "\(there.error)")
            #expect(there.error.contains("3090 sources"), "\(there.error)")
            let again = try CommandComparisonTests.run(["copy", "--from", url, "--to", back], database: nil)
            #expect(again.status == 0, "\(again.error)")

            let spatialite = try SpatialDatabase(path: original.path)
            let postgis = try location.openExisting()
            let returned = try SpatialDatabase(path: back)
            let expected = try Self.tables(of: spatialite)
            #expect(expected["sources"]?.count == 3090 && (expected["clusters"]?.count ?? 0) > 0 && expected["route_teams"]?.count == 2)
            for (name, store) in [("PostGIS", postgis as any StoreTransfer), ("the copy back", returned)] {
                let copied = try Self.tables(of: store)
                for table in TransferTable.all {
                    let want = expected[table.name] ?? [], got = copied[table.name] ?? []
                    #expect(got.count == want.count, "\(table.name) in \(name): \(got.count) rows, expected \(want.count)")
                    if let first = got.indices.first(where: { $0 < want.count && got[$0] != want[$0] }) {
                        Issue.record("\(table.name) in \(name), row \(first): \(got[first]) instead of \(want[first])")
                    }
                }
            }
            // A copy is a new generation of its target, after its source's.
            #expect(try postgis.dataGeneration() > spatialite.dataGeneration())
            #expect(try returned.dataGeneration() > postgis.dataGeneration())
            #expect(try returned.verify().allSatisfy(\.passed) && postgis.verify().allSatisfy(\.passed))
            // The token's keyed hash and its key moved together.
            #expect(try AccessTokens(store: postgis).identity(presenting: secret)?.name == "qgis")
            #expect(try AccessTokens(store: returned).identity(presenting: secret)?.name == "qgis")

            for command in [
                ["summary", "--by", "grid", "--format", "csv"],
                ["clusters", "--eps", "800", "--min-points", "2", "--status", "unlicensed", "--members", "--format", "csv"],
                ["hotspots", "--grid", "admin", "--value", "rate:unlicensed", "--format", "csv"],
                ["report", "weekly", "--week", "2020-W40", "--format", "csv"],
                ["report", "weekly", "--week", "2020-W52", "--grid", "square:2000", "--format", "csv"],
                ["route", "plan", "--area", "4403", "--teams", "2", "--iterations", "300", "--seed", "7", "--format", "csv"],
                ["query", "status-changes", "--param", "from=2020-09-01", "--param", "to=2020-12-31", "--format", "json"],
                ["token", "list"],
            ] {
                let answers = try [original.path, url, back].map { try CommandComparisonTests.run(command, database: $0) }
                #expect(answers[0].status == 0 && !answers[0].output.isEmpty, "\(command): \(answers[0].error)")
                #expect(answers[1].output == answers[0].output, "\(command) answered differently on PostGIS")
                #expect(answers[2].output == answers[0].output, "\(command) answered differently after the round trip")
            }
        }
    }

    /// A store already at the target is kept unless `--force`; a copy onto its own source is refused.
    @Test func aCopyNeverOverwritesUnasked() throws {
        let province = try SharedProvince.load()
        let original = try province.copy("copy-refusals")
        let target = try province.copy("copy-refusals-target")
        let before = try Data(contentsOf: URL(fileURLWithPath: target.path))
        let refused = try CommandComparisonTests.run(["copy", "--from", original.path, "--to", target.path], database: nil)
        #expect(refused.status != 0)
        #expect(refused.error.contains("already exists; pass --force to replace it"), "\(refused.error)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: target.path)) == before)
        let onto = try CommandComparisonTests.run(["copy", "--from", original.path, "--to", original.path], database: nil)
        #expect(onto.status != 0)
        #expect(onto.error.contains("is the store copied from"), "\(onto.error)")
        let missing = try CommandComparisonTests.run(["copy", "--from", original.path + ".missing", "--to", target.path + ".new"], database: nil)
        #expect(missing.status != 0)
        #expect(!FileManager.default.fileExists(atPath: target.path + ".new"))
    }
}

/// `TransferTable.all` is every table and column of the PostGIS schema as well.
@Suite(.requires(.postgres))
struct PostGISTransferTableTests {
    @Test func theTransferListIsEveryTableAndColumnOfTheSchema() throws {
        try PostGISTestStore.with { location in
            let store = try location.openForWriting()
            var schema: [String: Set<String>] = [:]
            _ = try store.streamReadOnly(
                sql: """
                    SELECT c.table_name::text, c.column_name::text FROM information_schema.columns AS c
                    JOIN information_schema.tables AS t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> 'schema_migrations'
                    """,
                arguments: [:], rowLimit: nil, timeLimit: 10, columns: { _ in }
            ) { row in
                guard case .text(let table) = row.values[0], case .text(let column) = row.values[1] else { return }
                schema[table, default: []].insert(column)
            }
            let listed = Dictionary(uniqueKeysWithValues: TransferTable.all.map { ($0.name, Set($0.columns.map(\.name))) })
            #expect(schema.count == 20)
            #expect(listed == schema)
        }
    }
}
