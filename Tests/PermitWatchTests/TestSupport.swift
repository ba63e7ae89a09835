import Foundation
import Logging
import PermitWatch
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// A fresh database in a temporary directory, removed when the value goes away.
final class TemporaryDatabase {
    let directory: URL
    let path: String
    let database: SpatialDatabase

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("permitwatch-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("test.sqlite").path
        database = try SpatialDatabase(path: path)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// The bytes of the database file and its WAL, to prove a rejected ingest wrote nothing.
    func fileBytes() -> [Data] {
        ["", "-wal"].map { FileManager.default.contents(atPath: path + $0) ?? Data() }
    }
}

enum Fixtures {
    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!.path
    }
}

let quietLogger = Logger(label: "permitwatch.tests") { _ in SwiftLogNoOpLogHandler() }

/// The built `permitwatch` executable, run as a user would.
enum CLI {
    static var binary: URL { Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("permitwatch") }

    /// Runs the binary at `executable` with `arguments` in `directory`; returns status, stdout, stderr.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL? = nil, executable: URL = binary, environment: [String: String] = [:]) throws -> (status: Int32, out: Data, err: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "PERMITWATCH_DB")
        env.removeValue(forKey: "PERMITWATCH_QUERIES")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, outData, String(decoding: errData, as: UTF8.self))
    }

    /// Runs a tool from the system (ogrinfo); stdout then stderr. A missing tool fails the
    /// test: the test's `.requires` trait has skipped it before, unless under CI.
    static func tool(_ name: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> (status: Int32, output: String) {
        let result = try #require(try runTool(name, arguments), "\(name) is not installed", sourceLocation: sourceLocation)
        return (result.status, result.output + result.error)
    }
}

/// A hash of a database's contents, every row of every table, for comparing a database
/// before and after a command within one test process.
enum DatabaseContents {
    static func fingerprint(of path: String) throws -> Int {
        let store = try SpatialDatabase(path: path, readOnly: true)
        var tables: [String] = []
        _ = try store.streamReadOnly(
            sql: "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", arguments: [:],
            rowLimit: nil, timeLimit: 60, columns: { _ in }, row: { row in if case .text(let name) = row.values[0] { tables.append(name) } })
        var hasher = Hasher()
        for table in tables {
            hasher.combine(table)
            // Virtual tables SpatiaLite cannot scan are read through their shadow tables.
            _ = try? store.streamReadOnly(
                sql: "SELECT * FROM \"\(table)\"", arguments: [:], rowLimit: nil, timeLimit: 60, columns: { _ in },
                row: { row in
                    for column in 0..<row.count {
                        switch row[column] {
                        case .null: hasher.combine(0)
                        case .integer(let v): hasher.combine(v)
                        case .real(let v): hasher.combine(v)
                        case .text(let bytes): hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
                        case .blob(let bytes): hasher.combine(bytes: bytes)
                        }
                    }
                })
        }
        return hasher.finalize()
    }
}
