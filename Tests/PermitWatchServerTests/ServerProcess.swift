import Foundation
import TestSupport
import Testing

/// `permitwatch serve` as a real process on a free port, for clients that need a socket
/// (GDAL, a browser). Stopped with SIGTERM, as a service manager would.
final class ServerProcess {
    let process = Process()
    let port: Int
    private let output = Pipe()

    /// The built `permitwatch` executable beside the test bundle.
    static var binary: URL? {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("permitwatch"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("permitwatch"),
            TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/permitwatch"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Where tests leave files for people to look at (screenshots); kept out of git.
    static var artifacts: URL {
        let directory = TestEnvironment.repositoryRoot.appendingPathComponent(".build/test-artifacts")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    init(database: String, arguments extra: [String] = []) throws {
        let binary = try #require(Self.binary, "the permitwatch executable is not built beside the tests")
        process.executableURL = binary
        process.arguments = ["serve", "--db", database, "--port", "0", "--log-level", "warning"] + extra
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line names the address: "permitwatch serving … at http://127.0.0.1:PORT/ …".
        var collected = Data()
        let deadline = Date().addingTimeInterval(60)
        var found: Int?
        while found == nil, Date() < deadline, process.isRunning {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            collected.append(chunk)
            let text = String(decoding: collected, as: UTF8.self)
            if let range = text.range(of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
                found = Int(text[range].dropFirst("http://127.0.0.1:".count).dropLast())
            }
        }
        guard let found else {
            process.terminate()
            throw ServerProcessError(message: "the server did not start: \(String(decoding: collected, as: UTF8.self))")
        }
        port = found
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// SIGTERM, then the exit status (0 after a graceful shutdown).
    func stop() -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }
}

struct ServerProcessError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
