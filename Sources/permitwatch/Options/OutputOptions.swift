import ArgumentParser
import Foundation
import PermitWatch

/// `--format` and `--output`, shared by the commands that print tables of results.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "table, csv, json or geojson.")
    var format: ResultFormat = .table

    @Option(name: .long, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    /// Opens the output and hands `body` the writer for the chosen format; closes the file after.
    func write(excel: Bool = false, _ body: (any QueryResultWriter) throws -> Void) throws {
        try Self.withSink(output) { sink in try body(format.makeWriter(sink: sink, excel: excel)) }
    }

    /// Hands `body` a sink to the file at `path` (created or truncated), or to standard output
    /// without one; closes the file after.
    static func withSink(_ path: String?, _ body: (ByteSink) throws -> Void) throws {
        let handle: FileHandle
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
                throw ValidationError("--output \(path): cannot create the file")
            }
            handle = file
        } else {
            handle = .standardOutput
        }
        defer { if path != nil { try? handle.close() } }
        try body(ByteSink(handle))
    }
}

extension ResultFormat: ExpressibleByArgument {}
