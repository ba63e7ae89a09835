import Foundation
import Logging
import PermitWatch
import SpatiaLiteStore
import Store
import Testing

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

/// `../shared/realdata`, when present beside the checkout; tests that need it skip without it.
enum RealData {
    static let directory: URL? = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        let candidate = url.appendingPathComponent("shared/realdata")
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
    }()

    static func path(_ relative: String) -> String? {
        guard let directory else {
            print("skipping: ../shared/realdata is absent (\(relative))")
            return nil
        }
        return directory.appendingPathComponent(relative).path
    }
}

/// Runs the shapely reference script; nil (with a message) when python3 or shapely is missing.
func runReferenceScript(_ arguments: [String]) throws -> (status: Int32, output: String)? {
    var root = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { root.deleteLastPathComponent() }
    let check = Process()
    check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    check.arguments = ["python3", "-c", "import shapely, numpy"]
    check.standardError = FileHandle.nullDevice
    do { try check.run() } catch { print("skipping reference check: no python3"); return nil }
    check.waitUntilExit()
    guard check.terminationStatus == 0 else {
        print("skipping reference check: python3 has no shapely (pip install shapely)")
        return nil
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", root.appendingPathComponent("scripts/reference_assignment.py").path] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
}

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

    /// Runs a tool from the system (ogrinfo, python3); nil with a message when it is missing.
    static func tool(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch {
            print("skipping: \(name) is not installed")
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus == 127 {
            print("skipping: \(name) is not installed")
            return nil
        }
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
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
