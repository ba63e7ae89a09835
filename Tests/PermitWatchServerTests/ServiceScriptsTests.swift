import Foundation
import Testing
import TestSupport

/// The scripts that prove the HTTP service holds (issue 16, points 5 and 6), each run at a
/// reduced size on the small province, with the built binary: the API fuzzed from its OpenAPI
/// document (300 requests), the pathological requests (a 100,000-vertex polygon, 10 world pages
/// at once, 1,000 idle connections, 3 s timeouts) and 10 s of load with 20 writes a second.
/// The full-size runs and their figures are in the README.
@Suite("The service's scripts, reduced", .serialized)
struct ServiceScriptsTests {
    /// Runs `scripts/NAME` with `arguments` and the fixture's database (copied by the script);
    /// its exit status and everything it printed.
    static func run(_ name: String, _ arguments: [String], timeout: TimeInterval) throws -> (status: Int32, output: String) {
        let fixture = try ServerFixture.load()
        let binary = try #require(ServerProcess.binary, "the permitwatch executable is not built beside the tests")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [TestEnvironment.repositoryRoot.appendingPathComponent("scripts/\(name)").path] + arguments + [fixture.path]
        var environment = ProcessInfo.processInfo.environment
        environment["BIN"] = binary.path
        // Where fuzz-http.sh leaves its reports: removed with the test's scratch files.
        environment["PERMITWATCH_FUZZ_WORK"] = try SharedProvince.scratchDirectory("fuzz").path
        if let python = Python.executable { environment["PERMITWATCH_PYTHON"] = python }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        nonisolated(unsafe) var data = Data()
        let read = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            data = output.fileHandleForReading.readDataToEndOfFile()
            read.signal()
        }
        if read.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            read.wait()
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.requires(.schemathesis), .timeLimit(.minutes(10)))
    func fuzzedFromItsOpenAPIDocumentTheAPIAnswersNo5xxAndProblemDocuments() throws {
        try Requirement.schemathesis.require()
        let (status, output) = try Self.run("fuzz-http.sh", ["--requests", "300"], timeout: 540)
        #expect(status == 0, "\(output)")
        #expect(output.contains("fuzz passed"), "\(output)")
    }

    @Test(.timeLimit(.minutes(5)))
    func pathologicalRequestsGetClearAnswersOrTimeouts() throws {
        _ = try #require(Python.executable, "no python3 (run scripts/test.sh)")  // its standard library is enough
        let (status, output) = try Self.run("pathological-requests.sh", ["--small"], timeout: 270)
        #expect(status == 0, "\(output)")
        #expect(output.contains("every pathological request got a clear answer"), "\(output)")
        #expect(output.contains("1,000 idle connections"), "\(output)")
    }

    @Test(.requires(.tool("wrk", package: "wrk")), .timeLimit(.minutes(5)))
    func tenSecondsOfLoadWithWritesHaveNoErrors() throws {
        try Requirement.tool("wrk", package: "wrk").require()
        let (status, output) = try Self.run("load-test.sh", ["--seconds", "10", "--connections", "20", "--writes-per-second", "20"], timeout: 270)
        #expect(status == 0, "\(output)")
        #expect(output.contains("load passed: 0 errors"), "\(output)")
        #expect(output.contains("200 acknowledged, 0 failed"), "\(output)")
    }
}
