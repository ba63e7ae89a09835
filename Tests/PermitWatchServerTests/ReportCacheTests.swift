import Foundation
import Hummingbird
import HummingbirdTesting
import PermitWatch
@testable import PermitWatchServer
import SpatiaLiteStore
import Testing
import TestSupport

/// Weekly reports are made once per data generation and parameters: a crowd shares one
/// computation, a repeat is sent from memory, and a write makes every kept report stale.
@Suite("Weekly report cache")
struct ReportCacheTests {
    @Test func aCrowdSharesOneComputationAndAWriteMakesItStale() async throws {
        let cache = ReportCache(budget: 1 << 20, largest: 1 << 19)
        let made = LockedBox<Int>(0)
        @Sendable func make() async throws -> [UInt8] {
            made.withLock { $0 += 1 }
            try await Task.sleep(nanoseconds: 100_000_000)
            return Array("report \(made.withLock { $0 })".utf8)
        }
        let answers = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<20 { group.addTask { try await cache.report(for: "W40|admin", generation: 7, make: make) } }
            return try await group.reduce(into: [[UInt8]]()) { $0.append($1) }
        }
        #expect(made.withLock { $0 } == 1)
        #expect(Set(answers) == [Array("report 1".utf8)])
        // Kept: no second computation.
        #expect(try await cache.report(for: "W40|admin", generation: 7, make: make) == Array("report 1".utf8))
        #expect(made.withLock { $0 } == 1)
        // Other parameters, or the same after a write (a new generation): made again.
        _ = try await cache.report(for: "W41|admin", generation: 7, make: make)
        #expect(try await cache.report(for: "W40|admin", generation: 8, make: make) == Array("report 3".utf8))
        #expect(made.withLock { $0 } == 3)
        // A failure is not kept: the next request tries again.
        struct Failed: Error {}
        await #expect(throws: Failed.self) { try await cache.report(for: "W42|admin", generation: 8) { throw Failed() } }
        #expect(try await cache.report(for: "W42|admin", generation: 8, make: make) == Array("report 4".utf8))
    }

    /// Writes arriving all the time: no two requests share a generation, yet they share
    /// computations, and each answer was started at its request's generation or later.
    @Test func requestsAmidWritesShareTheNextComputation() async throws {
        let cache = ReportCache(budget: 1 << 20, largest: 1 << 19)
        let generation = LockedBox<Int64>(1)
        let made = LockedBox<[Int64]>([])
        let open = LockedBox<Bool>(false)
        @Sendable func make() async throws -> [UInt8] {
            let at = generation.withLock { $0 }
            made.withLock { $0.append(at) }
            // The first computation lasts until the test has ten requests waiting behind it.
            while !open.withLock({ $0 }) { try await Task.sleep(nanoseconds: 1_000_000) }
            return Array("made at \(at)".utf8)
        }
        let latest: @Sendable () async throws -> Int64 = { generation.withLock { $0 } }
        let answers = try await withThrowingTaskGroup(of: (Int64, String).self) { group in
            group.addTask { (1, String(decoding: try await cache.report(for: "W40", generation: 1, latest: latest, make: make), as: UTF8.self)) }
            while made.withLock({ $0.isEmpty }) { try await Task.sleep(nanoseconds: 1_000_000) }
            // Ten writes, each followed by a request, while the first report is being made.
            for _ in 0..<10 {
                let now = generation.withLock { $0 += 1; return $0 }
                group.addTask { (now, String(decoding: try await cache.report(for: "W40", generation: now, latest: latest, make: make), as: UTF8.self)) }
            }
            while await cache.waitingForNext < 10 { try await Task.sleep(nanoseconds: 1_000_000) }
            open.withLock { $0 = true }
            return try await group.reduce(into: [(Int64, String)]()) { $0.append($1) }
        }
        // The first, and one more for the ten that came while it ran.
        #expect(made.withLock { $0 } == [1, 11])
        for (asked, answer) in answers {
            let at = Int64(answer.split(separator: " ").last!)!
            #expect(at >= asked, "a request at \(asked) got a report made at \(at)")
        }
        // A request of an older generation is answered by the newest report.
        #expect(try await cache.report(for: "W40", generation: 4, latest: latest, make: make) == Array("made at 11".utf8))
        #expect(made.withLock { $0 }.count == 2)
    }

    /// Over HTTP: the repeated report is the same bytes; after a write (a new hot-spot run the
    /// report's bins come from) the report follows the data.
    @Test func theServerSendsTheKeptReportUntilTheDataChanges() async throws {
        let fixture = try ServerFixture.load()
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("permitwatch-report-cache-\(UUID().uuidString).sqlite").path
        try FileManager.default.copyItem(atPath: fixture.path, toPath: copy)
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) } }
        let writable = try SpatialDatabase(path: copy)
        let store = try SpatialDatabase(path: copy, readOnly: true)
        let app = buildApplication(
            ServerDependencies(store: store, catalog: try QueryCatalog(), configuration: ServerFixture.configuration()), logger: quietLogger)
        let uri = "/reports/weekly?week=2020-W40&grid=square:5000&f=json"
        let token = try ServerFixture.token(.reader)
        try await app.test(.router) { client in
            let client = TokenClient(base: client, token: token)
            let first = try await client.execute(uri: uri, method: .get)
            let second = try await client.execute(uri: uri, method: .get)
            #expect(first.status == .ok && second.body == first.body)
            let run = try first.json()["hotspot_run"]?.intValue
            // A new hot-spot run on the same grid: the report must now name it.
            var options = HotspotAnalysis.Options()
            options.grid = .square(size: 5000)
            options.neighbours = .band(metres: 12_000)
            let stored = try HotspotAnalysis(store: writable).run(options, storing: true)
            try writable.checkpoint()
            let third = try await client.execute(uri: uri, method: .get)
            #expect(third.status == .ok)
            #expect(try third.json()["hotspot_run"]?.intValue == stored.runID.map(Int.init))
            #expect(try third.json()["hotspot_run"]?.intValue != run)
        }
    }
}
