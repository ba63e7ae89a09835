import Foundation
import PostGISStore
import Store
import Testing
import TestSupport

/// Behind PgBouncer in transaction mode (a server connection serves whichever client's
/// transaction comes next, so nothing may rest on session state or named prepared statements),
/// with a pool of 4 server connections under stores of 8: creating, loading, analysing,
/// planning, querying, copying and serving concurrent requests all give the answers of a
/// SpatiaLite file holding the same province.
@Suite(.requires(.postgres, .pgbouncer), .serialized)
struct PgBouncerTests {
    @Test func everyKindOfWorkRunsThroughPgBouncerInTransactionMode() throws {
        let province = try SharedProvince.load()
        let copy = try province.copy("postgis-pgbouncer")
        let bouncer = try #require(TestEnvironment.pgbouncerURL)
        try PostGISTestStore.with { location in
            // The test's schema, reached through PgBouncer instead of directly.
            let url = "\(bouncer)?schema=\(location.url.schema)"
            let created = try CommandComparisonTests.run(["init", "--from", province.dataset.path], database: url)
            #expect(created.status == 0, "\(created.error)")
            let reloaded = try CommandComparisonTests.run(
                ["ingest", "sources", province.dataset.appendingPathComponent("sources.csv").path], database: url)
            #expect(reloaded.status == 0, "\(reloaded.error)")
            #expect(try CommandComparisonTests.run(
                ["ingest", "sources", province.dataset.appendingPathComponent("sources.csv").path], database: copy.path).status == 0)

            for command in [
                ["summary", "--by", "county", "--format", "csv"],
                ["clusters", "--eps", "1500", "--min-points", "3", "--format", "csv"],
                ["hotspots", "--grid", "square:5000", "--format", "csv"],
                ["report", "weekly", "--week", "2020-W40", "--format", "csv"],
                ["route", "plan", "--teams", "2", "--iterations", "100", "--seed", "3", "--format", "csv"],
                ["query", "unlicensed-by-town", "--format", "csv"],
            ] {
                let onSpatiaLite = try CommandComparisonTests.run(command, database: copy.path)
                let throughBouncer = try CommandComparisonTests.run(command, database: url)
                #expect(onSpatiaLite.status == 0, "\(command): \(onSpatiaLite.error)")
                #expect(throughBouncer.status == 0, "\(command) through PgBouncer: \(throughBouncer.error)")
                #expect(throughBouncer.output == onSpatiaLite.output, "\(command) printed differently through PgBouncer")
            }
            // The checks name each store's own structures, so only their verdict compares.
            let checked = try CommandComparisonTests.run(["check"], database: url)
            #expect(checked.status == 0 && !checked.output.contains("FAIL"), "\(checked.output) \(checked.error)")
            let back = try SharedProvince.scratchDirectory("postgis-pgbouncer-back").appendingPathComponent("back.sqlite").path
            let copied = try CommandComparisonTests.run(["copy", "--from", url, "--to", back, "--force"], database: nil)
            #expect(copied.status == 0, "\(copied.error)")
            #expect(copied.error.contains("3090 sources"), "\(copied.error)")

            // Concurrent pages from one server whose 8 connections share PgBouncer's 4.
            let spatialite = try ServersOnOneDatabaseTests.Server(database: copy.path)
            let server = try ServersOnOneDatabaseTests.Server(database: url)
            let paths = (0..<24).map { index in
                let west = 112.5 + Double(index % 6) * 0.3, south = 22.0 + Double(index / 6) * 0.4
                return "/collections/sources/items?bbox=\(west),\(south),\(west + 0.6),\(south + 0.6)&limit=100&offset=\(index % 3 * 10)"
            }
            let expected = try paths.map { try spatialite.request($0) }
            let answers = ConcurrentResults(count: paths.count)
            DispatchQueue.concurrentPerform(iterations: paths.count) { index in
                answers.set(index, Result { try server.request(paths[index]) })
            }
            for (index, path) in paths.enumerated() {
                let answer = try answers.get(index)
                #expect(expected[index].status == 200 && answer.status == 200, "\(path): \(answer.body.prefix(300))")
                #expect(answer.body == expected[index].body, "\(path) differs through PgBouncer")
            }
        }
    }
}

/// Results written by concurrent iterations, each into its own slot.
private final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<(status: Int, body: String), any Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<(status: Int, body: String), any Error>) {
        lock.lock()
        results[index] = result
        lock.unlock()
    }

    func get(_ index: Int) throws -> (status: Int, body: String) {
        lock.lock()
        defer { lock.unlock() }
        return try results[index]!.get()
    }
}
