import Foundation
import Hummingbird
import HummingbirdTesting
import PermitWatch
@testable import PermitWatchServer
import SpatiaLiteStore
import Store
import FileWriting
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
            for _ in 0..<20 { group.addTask { try await cache.bytes(for: "W40|admin", generation: 7, make: make) } }
            return try await group.reduce(into: [[UInt8]]()) { $0.append($1) }
        }
        #expect(made.withLock { $0 } == 1)
        #expect(Set(answers) == [Array("report 1".utf8)])
        // Kept: no second computation.
        #expect(try await cache.bytes(for: "W40|admin", generation: 7, make: make) == Array("report 1".utf8))
        #expect(made.withLock { $0 } == 1)
        // Other parameters, or the same after a write (a new generation): made again.
        _ = try await cache.bytes(for: "W41|admin", generation: 7, make: make)
        #expect(try await cache.bytes(for: "W40|admin", generation: 8, make: make) == Array("report 3".utf8))
        #expect(made.withLock { $0 } == 3)
        // A failure is not kept: the next request tries again.
        struct Failed: Error {}
        await #expect(throws: Failed.self) { try await cache.bytes(for: "W42|admin", generation: 8) { throw Failed() } }
        #expect(try await cache.bytes(for: "W42|admin", generation: 8, make: make) == Array("report 4".utf8))
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
            group.addTask { (1, String(decoding: try await cache.bytes(for: "W40", generation: 1, latest: latest, make: make), as: UTF8.self)) }
            while made.withLock({ $0.isEmpty }) { try await Task.sleep(nanoseconds: 1_000_000) }
            // Ten writes, each followed by a request, while the first report is being made.
            for _ in 0..<10 {
                let now = generation.withLock { $0 += 1; return $0 }
                group.addTask { (now, String(decoding: try await cache.bytes(for: "W40", generation: now, latest: latest, make: make), as: UTF8.self)) }
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
        #expect(try await cache.bytes(for: "W40", generation: 4, latest: latest, make: make) == Array("made at 11".utf8))
        #expect(made.withLock { $0 }.count == 2)
    }

    /// A report made before writes that left it exact (field writes dated after its week)
    /// answers requests after them without being made again; once a write may have changed it,
    /// it is made again.
    @Test func aReportOutlivesWritesThatLeaveItExact() async throws {
        let cache = ReportCache(budget: 1 << 20, largest: 1 << 19)
        let made = LockedBox<Int>(0)
        let checks = LockedBox<[Int64]>([])
        @Sendable func make() async throws -> [UInt8] {
            made.withLock { $0 += 1 }
            return Array("report \(made.withLock { $0 })".utf8)
        }
        let exactThrough: @Sendable (Int64) -> @Sendable (Int64) async throws -> Int64? = { through in
            { made in checks.withLock { $0.append(made) }; return through }
        }
        #expect(try await cache.bytes(for: "W52", generation: 1, make: make) == Array("report 1".utf8))
        // Two writes later, both dated after the week: the same report, asked once.
        #expect(try await cache.bytes(for: "W52", generation: 3, unchangedSince: exactThrough(3), make: make) == Array("report 1".utf8))
        #expect(try await cache.bytes(for: "W52", generation: 3, unchangedSince: exactThrough(3), make: make) == Array("report 1".utf8))
        let stillExact = await cache.stillExact
        #expect(made.withLock { $0 } == 1 && checks.withLock { $0 } == [1] && stillExact == 1)
        // A check that reaches only an older generation than the request's does not answer it.
        #expect(try await cache.bytes(for: "W52", generation: 5, unchangedSince: exactThrough(4), make: make) == Array("report 2".utf8))
        // A write that may have changed it (the check says nil): made again.
        let changed: @Sendable (Int64) async throws -> Int64? = { _ in nil }
        #expect(try await cache.bytes(for: "W52", generation: 6, unchangedSince: changed, make: make) == Array("report 3".utf8))
        // A failing check (a busy server) only means making it again.
        struct Busy: Error {}
        let failing: @Sendable (Int64) async throws -> Int64? = { _ in throw Busy() }
        #expect(try await cache.bytes(for: "W52", generation: 7, unchangedSince: failing, make: make) == Array("report 4".utf8))
        #expect(made.withLock { $0 } == 4)
    }

    /// Over HTTP, with the store's own log of what field writes added: an officer's inspection
    /// dated after the reported week leaves the report exact and it is sent as it was; a source
    /// found on the week's Sunday changes it, and the next answer is the report made afresh.
    @Test func lastWeeksReportOutlivesThisWeeksFieldWritesAndFollowsABackDatedOne() async throws {
        let editor = try ServerFixture.token(.editor)
        let source = try #require(try ServerFixture.load().sources.first { $0.assignment.placement == .inside && $0.removedOn == nil })
        let prefecture = try #require(source.assignment.prefectureCode)
        let uri = "/reports/weekly?f=json&area=\(prefecture)"
        try await SourceWritesRouterTests.withWritableServer("report-history-log") { client, writer in
            /// The report as the use case makes it now, in the bytes the server sends.
            @Sendable func fresh(_ week: String) throws -> [UInt8] {
                let options = try WeeklyReport.Options(week: week, grid: nil, area: prefecture, inspectionWeeks: nil)
                var bytes: [UInt8] = []
                try WeeklyReportFormat.json.write(try WeeklyReport(store: writer).run(options), to: ByteSink { bytes.append(contentsOf: $0) })
                return bytes
            }
            let first = try await client.execute(uri: uri, method: .get)
            #expect(first.status == .ok, "\(first.text)")
            let week = try #require(try first.json()["week"]?.stringValue)
            let sunday = try #require(ReportWeek(parsing: week)).sundayText
            let latest = try #require(try writer.latestEventDate())
            #expect(latest > sunday, "the fixture's latest day falls in the week after the last complete one")
            let generation = try writer.dataGeneration()

            // This week's inspection: the log says so, and last week's report stays.
            let inspection = #"{"date": "\#(latest)", "result": "no change", "officer": "Li Wei"}"#
            let inspected = try await client.execute(
                uri: "/sources/\(source.sourceID)/inspections", method: .post, headers: FieldWritesRouterTests.headers(editor),
                body: ByteBuffer(string: inspection))
            #expect(inspected.status == .created, "\(inspected.text)")
            let changes = try writer.historyChanges(since: generation)
            #expect(changes.extent == .eventsDated(first: latest, last: latest) && changes.generation > generation)
            #expect(changes.leaveUnchanged(weekEndingOn: sunday))
            let second = try await client.execute(uri: uri, method: .get)
            #expect(second.status == .ok && second.body == first.body)
            let afresh = try fresh(week)
            #expect(Array(buffer: second.body) == afresh, "the kept report is the report made afresh")

            // A source found on the week's Sunday: the report changes and is made again.
            let found = #"{"name": "周日发现的作坊", "lon": \#(source.location.x + 0.00001), "lat": \#(source.location.y + 0.00001), "date": "\#(sunday)"}"#
            let created = try await client.execute(
                uri: "/sources", method: .post, headers: FieldWritesRouterTests.headers(editor), body: ByteBuffer(string: found))
            #expect(created.status == .created, "\(created.text)")
            #expect(!(try writer.historyChanges(since: generation)).leaveUnchanged(weekEndingOn: sunday))
            let third = try await client.execute(uri: uri, method: .get)
            #expect(third.status == .ok && third.body != first.body)
            let afreshAfter = try fresh(week)
            #expect(Array(buffer: third.body) == afreshAfter)

            // Any other write (here a hot-spot run, whose bins the report shows) leaves nothing to
            // go by: the report is made again whatever its week.
            let before = try writer.dataGeneration()
            #expect(try writer.historyChanges(since: before).extent == .nothing)
            _ = try HotspotAnalysis(store: writer).run(HotspotAnalysis.Options(), storing: true)
            #expect(try writer.historyChanges(since: before).extent == .unknown)
        }
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

extension ReportCache {
    /// The report's bytes, as the tests compare them.
    func bytes(
        for key: String, generation: Int64, latest: @escaping @Sendable () async throws -> Int64 = { Int64.min },
        unchangedSince: (@Sendable (Int64) async throws -> Int64?)? = nil, make: @escaping @Sendable () async throws -> [UInt8]
    ) async throws -> [UInt8] {
        Array(buffer: try await report(for: key, generation: generation, latest: latest, unchangedSince: unchangedSince, make: make))
    }
}
