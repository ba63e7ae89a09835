import Foundation
import PermitWatch

/// Feeds one file to the real reader, as the command reads it, and judges what came back.
///
/// A file is accepted, or rejected with the product's own error (`RejectedInput`, `QueryError`:
/// a `ClassifiedError`) whose message is not blank, names the file and, where it gives one, a
/// line inside the file. Anything else is a failure: a blank or unlocated message, an error of
/// another type (Foundation's, GEOS's, GDAL's raw), and, caught by the run, a crash or a file
/// that takes longer than the limit.
public struct ReaderHarness: Sendable {
    public enum Outcome: Sendable, Equatable {
        case accepted(items: Int)
        case rejected(message: String)
        case failure(reason: String)
    }

    public let reader: FuzzedReader
    /// Where each file is written for the readers that take a path (and for a crash's report).
    public let workDirectory: URL

    public init(reader: FuzzedReader, workDirectory: URL) throws {
        self.reader = reader
        self.workDirectory = workDirectory
        try FileManager.default.createDirectory(at: catalogDirectory, withIntermediateDirectories: true)
    }

    /// The file a fuzzed file is read from: `fuzzed.csv`, `fuzzed.geojson`, `queries/fuzzed.sql`.
    public var inputPath: String {
        reader == .catalog ? catalogDirectory.appendingPathComponent("fuzzed.sql").path
            : workDirectory.appendingPathComponent("fuzzed.\(reader.fileExtension)").path
    }

    private var catalogDirectory: URL { workDirectory.appendingPathComponent("queries") }

    /// Writes `bytes` to `inputPath` (so a crash leaves the file behind) and reads it.
    public func run(_ bytes: [UInt8], variant: Int) -> Outcome {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: inputPath))
        } catch {
            return .failure(reason: "the harness could not write \(inputPath): \(error)")
        }
        let path = inputPath
        do {
            switch reader {
            case .csv:
                // Every other file with `--on-error skip`, which reports bad rows instead.
                let outcome = try InputCheck.sourceList(bytes: bytes, file: path, skipBadRows: variant % 2 == 1)
                return .accepted(items: outcome.items)
            case .geojson:
                let outcome = try InputCheck.areas(file: path)
                return .accepted(items: outcome.items)
            case .catalog:
                let catalog = try QueryCatalog(directories: [catalogDirectory])
                let query = try catalog.query(named: "fuzzed")
                // The defaults are checked when the file is read; the SQL only runs with a store.
                return .accepted(items: query.parameters.count)
            }
        } catch {
            return judge(error, bytes: bytes, path: path)
        }
    }

    /// A rejection, or why the error is a failure.
    func judge(_ error: any Error, bytes: [UInt8], path: String) -> Outcome {
        guard let classified = error as? any ClassifiedError else {
            return .failure(reason: "not the product's error (\(type(of: error))): \(String(describing: error).prefix(500))")
        }
        let message = classified.description
        let http = classified.message(for: .http)
        if message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || http.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return .failure(reason: "a rejection with a blank message (\(type(of: error)))")
        }
        let lineCount = max(1, bytes.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 })
        switch error {
        case let rejected as RejectedInput:
            guard !rejected.problems.isEmpty else { return .failure(reason: "a RejectedInput without problems: \(message)") }
            for problem in rejected.problems {
                if problem.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    return .failure(reason: "a problem with a blank message: \(problem)")
                }
                if problem.file != path { return .failure(reason: "a problem naming another file (\(problem.file)): \(problem)") }
                if let line = problem.line, !(1...lineCount).contains(line) {
                    return .failure(reason: "a problem on line \(line) of a file of \(lineCount) lines: \(problem)")
                }
                if let feature = problem.feature, feature < 0 { return .failure(reason: "a problem of feature \(feature): \(problem)") }
            }
        case let query as QueryError:
            guard case .brokenHeader(_, let file, let line, let text) = query else {
                return .failure(reason: "a query file refused with another error than a broken header: \(message)")
            }
            if file != path { return .failure(reason: "a broken header naming another file (\(file)): \(message)") }
            if !(1...lineCount).contains(line) { return .failure(reason: "a broken header on line \(line) of \(lineCount): \(message)") }
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .failure(reason: "a broken header without a message") }
        default:
            return .failure(reason: "the reader threw \(type(of: error)), not a rejection of the file: \(message.prefix(500))")
        }
        // An optional printed into a message, unless the file itself holds the text (a quoted header).
        if message.contains("Optional("), !String(decoding: bytes, as: UTF8.self).contains("Optional(") {
            return .failure(reason: "a message showing an optional: \(message.prefix(500))")
        }
        return .rejected(message: message)
    }
}
