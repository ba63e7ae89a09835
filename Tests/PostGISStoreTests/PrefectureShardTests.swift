import Foundation
import PermitWatch
import PostGISStore
import Store
import Testing
import TestSupport

/// What the Citus design (ARCHITECTURE.md, "Beyond one database server") relies on, checked on
/// one PostGIS: a prefecture's answers need only that prefecture's sources and events, beside the
/// reference tables (areas, names, settings, depots, roads). A store cut down to one prefecture,
/// as a Citus shard would hold it, gives every prefecture-scoped command and catalog query the
/// same answer as the whole province does; so they stay on one shard, and no join reaches into
/// another prefecture's rows.
@Suite(.requires(.postgres), .serialized)
struct PrefectureShardTests {
    /// Runs SQL through psql in `schema` of the test server.
    static func psql(_ sql: String, schema: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", try #require(TestEnvironment.postgresURL),
            "-c", "SET search_path TO \(schema), public; \(sql)",
        ]
        let error = Pipe()
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "psql: \(message)")
    }

    /// The first field of the first row of a CSV (its lines end in CR LF, one `Character`).
    static func firstField(_ csv: String) -> String? {
        csv.split(whereSeparator: \.isNewline).dropFirst().first?.split(separator: ",").first.map(String.init)
    }

    @Test func aPrefectureAloneAnswersForItself() throws {
        let province = try SharedProvince.load()
        let prefecture = "4406"
        try PostGISTestStore.with { whole in
            try PostGISTestStore.with { shard in
                let wholeURL = whole.url.description, shardURL = shard.url.description
                #expect(try CommandComparisonTests.run(["init", "--from", province.dataset.path], database: wholeURL).status == 0)
                let copied = try CommandComparisonTests.run(["copy", "--from", wholeURL, "--to", shardURL], database: nil)
                #expect(copied.status == 0, "\(copied.error)")
                // The shard: the prefecture's sources and their histories; every reference table whole.
                try Self.psql("""
                    DELETE FROM sources WHERE prefecture_code IS DISTINCT FROM '\(prefecture)';
                    DELETE FROM events AS e WHERE NOT EXISTS (SELECT 1 FROM sources AS s WHERE s.source_id = e.source_id);
                    UPDATE settings SET value = (value::bigint + 1)::text WHERE key IN ('generation', 'sources_reset', 'history_reset');
                    """, schema: shard.url.schema)
                let counties = try CommandComparisonTests.run(["summary", "--by", "county", "--area", prefecture, "--format", "csv"], database: shardURL)
                let county = try #require(
                    Self.firstField(counties.output), "\(counties.error)")
                let sources = try CommandComparisonTests.run(
                    ["query", "sources", "--param", "area=\(prefecture)", "--format", "csv", "--limit", "1"], database: shardURL)
                let source = try #require(
                    Self.firstField(sources.output), "\(sources.error)")

                let scoped: [[String]] = [
                    ["summary", "--by", "grid", "--area", prefecture, "--format", "csv"],
                    ["clusters", "--area", prefecture, "--eps", "1500", "--min-points", "3", "--members", "--format", "csv"],
                    ["hotspots", "--area", prefecture, "--grid", "square:2000", "--format", "csv", "--all"],
                    ["report", "weekly", "--week", "2020-W40", "--area", prefecture, "--format", "csv"],
                    ["report", "weekly", "--week", "2020-W52", "--area", county, "--grid", "square:2000", "--format", "csv"],
                    ["route", "plan", "--area", county, "--teams", "2", "--iterations", "200", "--seed", "5", "--format", "csv"],
                    ["query", "area-summary", "--param", "area=\(prefecture)", "--format", "csv"],
                    ["query", "unlicensed-in-area", "--param", "area=\(prefecture)", "--format", "csv"],
                    ["query", "overdue-rectifications", "--param", "as_of=2021-12-31", "--param", "area=\(prefecture)", "--format", "csv"],
                    ["query", "uninspected-since", "--param", "since=2020-10-01", "--param", "area=\(prefecture)", "--format", "csv"],
                    ["query", "status-changes", "--param", "from=2020-06-01", "--param", "to=2020-12-31", "--param", "area=\(prefecture)", "--format", "csv"],
                    ["query", "newly-found", "--param", "week=2020-W40", "--param", "area=\(prefecture)", "--format", "csv"],
                    ["query", "location-mismatches", "--param", "area=\(prefecture)", "--format", "csv"],
                    ["query", "source-history", "--param", "source_id=\(source)", "--format", "csv"],
                    ["query", "sources", "--param", "area=\(prefecture)", "--format", "csv"],
                ]
                // A source found in the prefecture is numbered within it, not after the whole register.
                let point = try #require(
                    try CommandComparisonTests.run(["query", "sources", "--param", "area=\(prefecture)", "--format", "csv", "--limit", "1"], database: shardURL)
                        .output.split(whereSeparator: \.isNewline).dropFirst().first?.split(separator: ",").suffix(2).compactMap { Double($0) })
                var given: [String] = []
                for location in [whole, shard] {
                    let found = NewSourceRecording.Request(name: "无名小作坊", lon: point[0] + 0.0005, lat: point[1], date: "2020-12-30")
                    _ = try NewSourceRecording(store: try location.openExisting(), assigners: AssignerCache())
                        .record(found, author: "field", idempotencyKey: nil, today: "2021-01-04") { recorded in
                            given.append(recorded.sourceID)
                            return StoredReply(status: 201, contentType: "application/json", body: Array("{}".utf8))
                        }
                }
                #expect(given == ["FIELD-\(prefecture)-1", "FIELD-\(prefecture)-1"])

                for command in scoped {
                    let fromWhole = try CommandComparisonTests.run(command, database: wholeURL)
                    let fromShard = try CommandComparisonTests.run(command, database: shardURL)
                    // The generated province declares no areas of its own for its sources: no mismatches.
                    let mayBeEmpty = command.contains("location-mismatches")
                    #expect(fromWhole.status == 0, "\(command): \(fromWhole.error)")
                    #expect(mayBeEmpty || fromWhole.output.split(whereSeparator: \.isNewline).count > 1, "\(command) answered nothing")
                    #expect(fromShard.output == fromWhole.output, "\(command) needs rows of another prefecture")
                }
            }
        }
    }
}
