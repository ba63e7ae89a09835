import Foundation
import Testing
import TestSupport

/// `scripts/readers-during-writes.py` at a reduced size (issue 16, point 4): clients paging
/// through the sources while the server loads a snapshot and then takes a burst of field
/// writes never fail and never get a page that mixes two states. The full-size run is in the
/// README.
@Suite("Readers during writes")
struct ReadersDuringWritesTests {
    @Test func pagesComeWhollyFromOneStateWhileTheServerWrites() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("permitwatch-readers-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        var environment = ProcessInfo.processInfo.environment
        environment["BIN"] = CLI.binary.path
        let run = try #require(try await ExternalTool.runDetached(
            "/usr/bin/python3",
            [root.appendingPathComponent("scripts/readers-during-writes.py").path, "--sources", "2000", "--readers", "4", "--burst-seconds", "6", work.path],
            environment: environment))
        let text = run.output + run.error
        #expect(run.status == 0, "\(text)")
        #expect(text.contains("none failed; "), "\(text)")
        #expect(text.contains("each listing exactly its numberMatched, none losing a source seen before"), "\(text)")
        // Both states were read while the upload ran, so the check compared something.
        let upload = try #require(text.split(separator: "\n").first { $0.contains("snapshot upload") })
        #expect(!upload.contains(" 0 wholly the old state"), "\(text)")
    }
}
