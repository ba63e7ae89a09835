import Foundation
import Synchronization
import Logging
import PermitWatch
import PostGISStore
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// The commands people run, on the same province in a SpatiaLite file and in PostGIS: what they
/// print must be the same, byte for byte (the stored runs and plans included, in the same order).
@Suite(.requires(.postgres), .serialized)
struct CommandComparisonTests {
    /// The built `permitwatch` executable beside the test bundle.
    static var binary: URL? {
        [
            Bundle.main.bundleURL.appendingPathComponent("permitwatch"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("permitwatch"),
            TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/permitwatch"),
        ].first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs `permitwatch ARGUMENTS --db DATABASE` (no `--db` when nil): its exit status, standard
    /// output and error.
    static func run(_ arguments: [String], database: String?) throws -> (status: Int32, output: String, error: String) {
        let binary = try #require(Self.binary, "the permitwatch executable is not built beside the tests")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments + (database.map { ["--db", $0] } ?? [])
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read both while it runs: a full pipe would stop it.
        var collected = Data()
        let errorText = Mutex<Data>(Data())
        let reader = Thread { errorText.withLock { $0 = error.fileHandleForReading.readDataToEndOfFile() } }
        reader.start()
        collected = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errorText.withLock({ $0.isEmpty }) && reader.isExecuting { Thread.sleep(forTimeInterval: 0.01) }
        return (process.terminationStatus, String(decoding: collected, as: UTF8.self), String(decoding: errorText.withLock { $0 }, as: UTF8.self))
    }

    @Test func everyPortedCommandPrintsTheSameOnBothStores() throws {
        let province = try SharedProvince.load()
        let copy = try province.copy("postgis-commands")
        try PostGISTestStore.with { location in
            let url = location.url.description
            let created = try Self.run(["init", "--from", province.dataset.path], database: url)
            #expect(created.status == 0, "\(created.error)")

            let commands: [[String]] = [
                ["summary", "--by", "prefecture", "--format", "csv"],
                ["summary", "--by", "grid", "--format", "csv"],
                ["summary", "--by", "cell", "--format", "json"],
                ["clusters", "--eps", "1500", "--min-points", "3", "--format", "csv"],
                ["clusters", "--eps", "800", "--min-points", "2", "--status", "unlicensed", "--members", "--format", "csv"],
                ["hotspots", "--grid", "square:5000", "--format", "csv"],
                ["hotspots", "--grid", "admin", "--value", "rate:unlicensed", "--format", "csv"],
                ["report", "weekly", "--week", "2020-W40", "--format", "csv"],
                ["report", "weekly", "--week", "2020-W52", "--grid", "square:2000", "--format", "csv"],
                ["report", "weekly", "--week", "2020-W30", "--area", "4403", "--format", "json"],
                ["route", "plan", "--area", "4403", "--teams", "2", "--iterations", "300", "--seed", "7", "--format", "csv"],
                ["route", "plan", "--teams", "3", "--iterations", "200", "--seed", "3", "--shift-hours", "6", "--format", "geojson"],
                ["query", "unlicensed-by-town", "--format", "csv"],
                ["query", "sources-in-bbox", "--param", "bbox=112.9,22.4,114.6,23.9", "--format", "geojson"],
                ["query", "status-changes", "--param", "from=2020-09-01", "--param", "to=2020-12-31", "--format", "json"],
            ]
            for command in commands {
                let onSpatiaLite = try Self.run(command, database: copy.path)
                let onPostGIS = try Self.run(command, database: url)
                #expect(onSpatiaLite.status == 0, "\(command): \(onSpatiaLite.error)")
                #expect(onPostGIS.status == onSpatiaLite.status, "\(command): \(onPostGIS.error)")
                #expect(!onSpatiaLite.output.isEmpty, "\(command)")
                #expect(onPostGIS.output == onSpatiaLite.output, "\(command) printed differently on PostGIS")
            }
        }
    }

    /// A query written for the other store, and a connection the store cannot make as asked,
    /// are refused with a message saying so.
    @Test func whatCannotRunIsRefusedWithTheReason() throws {
        let province = try SharedProvince.load()
        try PostGISTestStore.with { location in
            let url = location.url.description
            _ = try Self.run(["init", "--from", province.dataset.path], database: url)
            // A query of the user's in SpatiaLite's SQL: refused on PostGIS by its declared dialect.
            let folder = try SharedProvince.scratchDirectory("postgis-user-queries")
            try """
                -- title: Mine
                -- description: a SpatiaLite query of the user's
                SELECT source_id, AsText(geometry) FROM sources
                """.write(to: folder.appendingPathComponent("mine.sql"), atomically: true, encoding: .utf8)
            let query = try Self.run(["query", "mine", "--queries", folder.path], database: url)
            #expect(query.status != 0)
            #expect(query.error.contains("written in spatialite SQL and this store runs postgis SQL"), "\(query.error)")
            let bad = try Self.run(["summary", "--by", "prefecture"], database: "postgresql://u:secret@localhost/db?sslmode=require")
            #expect(bad.status != 0)
            #expect(bad.error.contains("sslmode=require is not supported yet") && !bad.error.contains("secret"), "\(bad.error)")
        }
    }
}
