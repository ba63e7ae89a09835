import Foundation

/// Programs from the system that the tests drive (GDAL, Chromium, fontconfig, Python): found on
/// `PATH` without running anything, and run with both pipes drained and a time limit.
public enum ExternalTool {
    /// The executable `name` on `PATH` (or `name` itself when it is a path), nil when missing.
    public static func path(_ name: String) -> URL? {
        if name.contains("/") {
            return FileManager.default.isExecutableFile(atPath: name) ? URL(fileURLWithPath: name) : nil
        }
        let directories = (TestEnvironment.variable("PATH") ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// The first headless-capable browser on `PATH`.
    public static let chromium: String? = ["chromium", "chromium-browser", "google-chrome"].first { path($0) != nil }

    /// Runs `executable` with `arguments`; nil when it is not installed. A tool still running
    /// after `timeout` seconds is terminated (its status then says so).
    public static func run(
        _ executable: String, _ arguments: [String], timeout: TimeInterval = 300, environment: [String: String]? = nil
    ) throws -> (status: Int32, output: String, error: String)? {
        guard let url = path(executable) else { return nil }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the tool runs, so a chatty tool cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            group.wait()
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

extension ExternalTool {
    /// `run` on a thread of its own, for a tool that takes minutes (the crash and load
    /// scripts): waiting on one of Swift's few cooperative threads would stall every other
    /// test of the process meanwhile.
    public static func runDetached(
        _ executable: String, _ arguments: [String], timeout: TimeInterval = 900, environment: [String: String]? = nil
    ) async throws -> (status: Int32, output: String, error: String)? {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try run(executable, arguments, timeout: timeout, environment: environment) })
            }.start()
        }
    }
}

/// Runs a tool from `PATH` (or a path); nil when it is not installed.
public func runTool(_ name: String, _ arguments: [String], timeout: TimeInterval = 300) throws -> (status: Int32, output: String, error: String)? {
    try ExternalTool.run(name, arguments, timeout: timeout)
}
