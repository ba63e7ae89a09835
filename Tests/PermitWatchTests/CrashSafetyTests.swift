import Foundation
import Testing
import TestSupport

/// `scripts/crash-test.sh` at a reduced size (issue 16, point 3): a snapshot ingest killed with
/// SIGKILL at random moments leaves the old state or the new one, never a mix; `check` passes
/// after every kill, and the next ingest succeeds. The full-size run is in the README.
@Suite("Crash safety of an ingest")
struct CrashSafetyTests {
    @Test func aKilledSnapshotIngestLeavesTheOldStateOrTheNew() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("permitwatch-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        var environment = ProcessInfo.processInfo.environment
        environment["BIN"] = CLI.binary.path
        let run = try #require(try await ExternalTool.runDetached(
            "/bin/bash", [root.appendingPathComponent("scripts/crash-test.sh").path, "--kills", "4", "--sources", "2000", work.path],
            environment: environment))
        let text = run.output + run.error
        #expect(run.status == 0, "\(text)")
        #expect(text.contains("survived 4 kills"), "\(text)")
        #expect(text.components(separatedBy: "check passed, the next ingest succeeded").count == 5, "\(text)")
    }

    /// `scripts/crash-test-http.py` at a reduced size: the server killed during an HTTP snapshot
    /// upload and during a burst of field writes from four clients.
    @Test func aKilledServerLosesNoAcknowledgedWrite() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("permitwatch-crash-http-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        for (mode, survived) in [("upload", "survived 2 kills during an upload"), ("writes", "survived 2 kills during write bursts")] {
            var environment = ProcessInfo.processInfo.environment
            environment["BIN"] = CLI.binary.path
            let run = try #require(try await ExternalTool.runDetached(
                "/usr/bin/python3",
                [root.appendingPathComponent("scripts/crash-test-http.py").path, "--mode", mode, "--kills", "2", "--sources", "2000", work.path],
                environment: environment))
            let text = run.output + run.error
            #expect(run.status == 0, "\(mode): \(text)")
            #expect(text.contains(survived), "\(text)")
            #expect(text.components(separatedBy: "check passed, the next ingest succeeded").count == 3, "\(text)")
        }
    }
}
